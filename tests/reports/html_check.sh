#!/bin/sh
# html_check.sh DIR N - the HTML report in DIR is well-formed (as XML, the
# stricter reading, and through libxml2's HTML parser, which knows no SVG
# nor HTML5's details/summary and may only complain about those names), has N scenario pages,
# fetches nothing from the network, and carries no raw provider markup.
set -u
dir=$1
n=$2
fail=0
pages=$(ls "$dir"/s/*.html 2>/dev/null | wc -l)
[ "$pages" -eq "$n" ] || { echo "expected $n scenario pages, found $pages"; fail=1; }
for f in "$dir"/index.html "$dir"/s/*.html; do
  xmllint --noout "$f" || { echo "not well-formed XML: $f"; fail=1; }
  other=$(xmllint --html --noout "$f" 2>&1 | grep 'HTML parser error' |
          grep -v -E 'Tag (svg|rect|line|polyline|polygon|circle|text|title|details|summary) invalid')
  [ -z "$other" ] || { echo "HTML parser: $f: $other"; fail=1; }
done
# nothing is fetched: no src=, no stylesheet link, no url(), no http(s) href
if grep -l -E '<(script|img|iframe|link)[^>]* (src|href)=|url\(|href="https?:' \
     "$dir"/index.html "$dir"/s/*.html; then
  echo "a page fetches something"; fail=1
fi
if grep -l -F '<script>alert' "$dir"/index.html "$dir"/s/*.html; then
  echo "provider markup reached a page unescaped"; fail=1
fi
exit $fail
