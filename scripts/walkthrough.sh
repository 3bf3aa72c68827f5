#!/usr/bin/env bash
# Prints the curl walkthrough of docs/emulator-walkthrough.md against a running emulator:
#   npx conformance emulator --tls --ontap-port 8443 --seed 1 &  then  bash scripts/walkthrough.sh [PORT]
PORT=${1:-8443}
B=https://127.0.0.1:$PORT/api
A=(-sk -u 'admin:netapp1!')
step() { # title, then curl args
  local title=$1; shift
  echo "### $title"; echo; echo '```console'
  local line="\$ curl" arg
  for arg in "$@"; do
    if [[ "$arg" =~ [^A-Za-z0-9_./:=@-] ]]; then line+=" '$arg'"; else line+=" $arg"; fi
  done
  echo "$line"
  local out; out=$(curl -w '\n[HTTP %{http_code}]' "$@" 2>&1)
  echo "$out" | sed -E 's/"password":"[^"]+"/"password":"<generated>"/' | sed -E 's/^Date: .*/Date: (elided)/' | cut -c1-400
  echo '```'; echo
}
step "Version (what real clients ask first)" "${A[@]}" "$B/cluster?fields=version"
step "The NDMP mode" "${A[@]}" "$B/protocols/ndmp"
step "Default records carry the key fields and _links.self" "${A[@]}" "$B/protocols/ndmp/svms"
step "Paging: max_records, _links.next with start. keys, and a Link header" -i "${A[@]}" "$B/protocols/ndmp/sessions?max_records=2"
step "Filters (OR of enum values) and field selection" "${A[@]}" "$B/protocols/ndmp/sessions?data.state=halted|paused&fields=data.state,data.reason&max_records=2"
step "Comparison filter and descending order" "${A[@]}" "$B/protocols/ndmp/sessions?client_port=%3E60000&order_by=client_port%20desc&fields=client_port"
step "return_records=false: the count only" "${A[@]}" "$B/protocols/ndmp/sessions?return_records=false"
step "Node endpoints in SVM scope: 68812801" "${A[@]}" "$B/protocols/ndmp/nodes"
step "Unknown parameter: 262179" "${A[@]}" "$B/protocols/ndmp/sessions?colour=blue"
step "Typed filter with a bad value: 262197" "${A[@]}" "$B/protocols/ndmp/sessions?client_port=abc"
step "return_timeout outside 0..120: 262197 with its target" "${A[@]}" "$B/protocols/ndmp/sessions?return_timeout=600"
step "order_by on an unknown field: 262268" "${A[@]}" "$B/protocols/ndmp/sessions?order_by=colour"
step "Unknown instance: 404, code 4" "${A[@]}" "$B/protocols/ndmp/sessions/00000000-0000-4000-8000-000000000000/1:1"
step "Malformed uuid: 68812802" "${A[@]}" "$B/protocols/ndmp/sessions/not-a-uuid/1"
step "No credentials: 401" -sk "$B/protocols/ndmp/sessions"
step "Readonly user writing: 403, code 6" -sk -u 'viewer:viewer1!' -X PATCH -H 'content-type: application/json' -d '{"mode":"node"}' "$B/protocols/ndmp"
SVM=$(curl -sk -u 'admin:netapp1!' "$B/protocols/ndmp/svms?svm.name=vs1" | grep -o '"uuid":"[^"]*"' | head -1 | cut -d'"' -f4)
step "PATCH an SVM (the vendor examples send booleans as strings; both are accepted)" "${A[@]}" -X PATCH -H 'content-type: application/json' -d '{"enabled":"true","authentication_types":["challenge"]}' "$B/protocols/ndmp/svms/$SVM"
step "... and it persisted" "${A[@]}" "$B/protocols/ndmp/svms/$SVM?fields=enabled,authentication_types"
step "plaintext_sso combined with another type: 65601551" "${A[@]}" -X PATCH -H 'content-type: application/json' -d '{"authentication_types":["plaintext_sso","challenge"]}' "$B/protocols/ndmp/svms/$SVM"
step "A field that cannot be PATCHed: 262203" "${A[@]}" -X PATCH -H 'content-type: application/json' -d '{"svm":{"name":"renamed"}}' "$B/protocols/ndmp/svms/$SVM"
step "Malformed JSON body: 262199" "${A[@]}" -X PATCH -H 'content-type: application/json' -d '{"enabled": tru' "$B/protocols/ndmp/svms/$SVM"
step "The passwords endpoint generates a password (9.9+)" "${A[@]}" "$B//protocols/ndmp/svms/$SVM/passwords/ndmpuser?fields=password"
step "Switch to node scope" "${A[@]}" -X PATCH -H 'content-type: application/json' -d '{"mode":"node"}' "$B/protocols/ndmp"
step "Sessions now belong to nodes: integer-like ids, no svm object" "${A[@]}" "$B/protocols/ndmp/sessions?fields=id,uuid,node.name,svm&max_records=1"
step "SVM endpoints in node scope: 65601536" "${A[@]}" "$B/protocols/ndmp/svms"
NODE=$(curl -sk -u 'admin:netapp1!' "$B/protocols/ndmp/nodes?fields=user&user=null" | grep -o '"uuid":"[^"]*"' | head -1 | cut -d'"' -f4)
step "Enabling a node without a user: 68812800" "${A[@]}" -X PATCH -H 'content-type: application/json' -d '{"enabled":true}' "$B/protocols/ndmp/nodes/$NODE"
step "The node password is write-only" "${A[@]}" "$B/protocols/ndmp/nodes?fields=**&max_records=1"
HREF=$(curl -sk -u 'admin:netapp1!' "$B/protocols/ndmp/sessions?max_records=1" | grep -o '"href":"/api/protocols/ndmp/sessions/[^"]*"' | head -1 | cut -d'"' -f4)
step "DELETE a session" "${A[@]}" -X DELETE "https://127.0.0.1:$PORT$HREF"
step "... it is gone" "${A[@]}" "https://127.0.0.1:$PORT$HREF"
step "Unsupported method: 405" "${A[@]}" -X POST -H 'content-type: application/json' -d '{}' "$B/protocols/ndmp/sessions"
