"""Raw WS-Management Invoke through pywinrm's winrm.protocol.Protocol.

usage: winrm_invoke.py ENDPOINT USER PASS METHOD INSTANCEID [CLASS]

Sends METHOD (GetError, GetErrors) on the job InstanceID of CLASS
(default SRSIM_ReplicaJob) in namespace root/Microsoft/Windows/
StorageReplica with Basic credentials, and prints one line per value read
back: "ReturnValue N", "Error nil" or "Error CIM_Error" followed by
"Error.PROP VALUE" lines, or "fault SUBCODE" when the server answered a
SOAP fault. Exit status 0 when the server answered (result or fault), 1
otherwise (credentials rejected, a transport error, no METHOD_OUTPUT).
"""
import sys
import xml.etree.ElementTree as ET

import xmltodict
from winrm.exceptions import InvalidCredentialsError, WinRMError, WinRMTransportError
from winrm.protocol import Protocol

NS = "root/Microsoft/Windows/StorageReplica"
CLASS_URI = "http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/"
XSI = "{http://www.w3.org/2001/XMLSchema-instance}"
SOAP = "{http://www.w3.org/2003/05/soap-envelope}"


def main():
    endpoint, user, password, method, iid = sys.argv[1:6]
    cls = sys.argv[6] if len(sys.argv) > 6 else "SRSIM_ReplicaJob"
    uri = CLASS_URI + cls
    p = Protocol(endpoint, transport="plaintext", username=user, password=password)
    msg = p._get_soap_header(action=uri + "/" + method, resource_uri=uri)
    msg["env:Header"]["w:SelectorSet"] = {
        "w:Selector": [
            {"@Name": "InstanceID", "#text": iid},
            {"@Name": "__cimnamespace", "#text": NS},
        ]
    }
    msg["env:Body"] = {method + "_INPUT": {"@xmlns": uri}}
    try:
        rsp = p.send_message(xmltodict.unparse({"env:Envelope": msg}))
    except InvalidCredentialsError:
        print("credentials rejected (HTTP 401)")
        return 1
    except WinRMError as e:
        # pywinrm folds the SOAP fault into the message: subcode and all
        text = str(e)
        sub = text.split("'fault_subcode': '")[1].split("'")[0] if "fault_subcode" in text else "?"
        print("fault " + sub)
        return 0
    except WinRMTransportError as e:
        print("transport %s" % e)
        return 1
    body = ET.fromstring(rsp).find(SOAP + "Body")
    out = body.find("{%s}%s_OUTPUT" % (uri, method))
    if out is None:
        print("no %s_OUTPUT in the response" % method)
        return 1
    for el in out:
        name = el.tag.split("}")[1]
        if name == "ReturnValue":
            print("ReturnValue " + el.text)
        elif el.get(XSI + "nil") == "true":
            print(name + " nil")
        else:
            print("%s %s" % (name, el.get(XSI + "type", "?").split(":")[-1]))
            for prop in el:
                print("%s.%s %s" % (name, prop.tag.split("}")[1],
                                    "nil" if prop.get(XSI + "nil") == "true" else prop.text))
    return 0


if __name__ == "__main__":
    sys.exit(main())
