# Turns the DTD into a C array at build time, so srh validates CIM-XML
# without reading a file at run time: cmake -DIN=... -DOUT=... -P embed.cmake
file(READ ${IN} hex HEX)
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
file(WRITE ${OUT} "/* Generated from DSP0203_2.4.0.dtd by cimxml/dtd/embed.cmake. */\n"
  "#include <stddef.h>\n"
  "const unsigned char cimxml_dtd_text[] = {${bytes}0};\n"
  "const size_t cimxml_dtd_len = sizeof cimxml_dtd_text - 1;\n")
