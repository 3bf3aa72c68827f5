#!/usr/bin/env bash
# Prints the Veeam part of the curl walkthrough (docs/veeam-walkthrough.md) against a running emulator:
#   npx conformance emulator --tls --veeam-port 9398 --seed 1 &  then  bash scripts/walkthrough-veeam.sh [PORT]
# The session token is a secret: it is shown as <token> in the output.
PORT=${1:-9398}
O=https://127.0.0.1:$PORT
B=$O/api
TOKEN=""
# Pretty-prints a JSON body line so that a reader sees its shape.
PRETTY='let s="";process.stdin.on("data",(d)=>(s+=d)).on("end",()=>{for(const line of s.split("\n")){try{if(!/^[{[]/.test(line))throw 0;console.log(JSON.stringify(JSON.parse(line),null,1))}catch{console.log(line)}}})'
show() { # hides every token and the date, pretty-prints JSON, and cuts long answers
  sed -E 's/(X-RestSvcSessionId[:=] ?)[A-Za-z0-9+\/=]+/\1<token>/g' | sed -E 's/^([Dd]ate): .*/\1: (elided)/' | node -e "$PRETTY" | cut -c1-300 | head -n 45
}
step() { # title, then curl args
  local title=$1; shift
  echo "### $title"; echo; echo '```console'
  local line="\$ curl" arg
  for arg in "$@"; do
    [ -z "$TOKEN" ] || arg=${arg//$TOKEN/<token>}
    if [[ "$arg" =~ [^A-Za-z0-9_./:=@-] ]]; then line+=" '$arg'"; else line+=" $arg"; fi
  done
  echo "$line"
  curl -w '\n[HTTP %{http_code}]' "$@" 2>&1 | show
  echo '```'; echo
}
H() { echo "X-RestSvcSessionId: $TOKEN"; }
step "The entry point needs no logon: supported API versions and the logon link" -sk "$B/"
# The logon is shown as it happened: the rest of the walkthrough uses the session it opened.
LOGON=$(mktemp)
curl -sk -i -X POST -u 'veeam:veeam1!' -w '\n[HTTP %{http_code}]' "$B/sessionMngr/?v=latest" > "$LOGON"
echo "### Logon: 201, the token in a header and a cookie, a LogonSession body"; echo; echo '```console'
echo "\$ curl -sk -i -X POST -u 'veeam:veeam1!' '$B/sessionMngr/?v=latest'"
show < "$LOGON"; echo '```'; echo
TOKEN=$(tr -d '\r' < "$LOGON" | awk -F': ' 'tolower($1)=="x-restsvcsessionid"{print $2}')
SESSION=$(grep -o '<SessionId>[^<]*' "$LOGON" | cut -d'>' -f2)
rm -f "$LOGON"
step "Without the token: 401 and an Error document" -sk "$B/cdpReplicaTaskSessions"
CDP=$(curl -sk -H "$(H)" -H 'Accept: application/json' "$B/cdpReplicaTaskSessions" | grep -o '"Href":"[^"]*/cdpReplicaTaskSessions/[0-9a-f-]*"' | head -1 | grep -o '[0-9a-f-]\{36\}')
step "Seed 003, reference form (the default): EntityRef with Up and Alternate links" -sk -H "$(H)" "$B/cdpReplicaTaskSessions/$CDP"
step "Seed 003, entity form (format=Entity), XML: VmDisplayName is an attribute, elements in the documented order" -sk -H "$(H)" "$B/cdpReplicaTaskSessions/$CDP?format=Entity"
step "... the same entity in JSON: attributes become properties, Links an array, absent values null" -sk -H "$(H)" -H 'Accept: application/json' "$B/cdpReplicaTaskSessions/$CDP?format=Entity"
NAS=$(curl -sk -H "$(H)" -H 'Accept: application/json' "$B/nas/jobs" | grep -o '"Href":"[^"]*/nas/jobs/[0-9a-f-]*"' | head -1 | grep -o '[0-9a-f-]\{36\}')
step "Seed 004: a NAS job's sessions of the last 30 days, XML" -sk -H "$(H)" "$B/nas/jobs/$NAS/backupSessions"
step "... and in JSON: EntityReferences becomes {\"Refs\": [...]}" -sk -H "$(H)" -H 'Accept: application/json' "$B/nas/jobs/$NAS/backupSessions"
step "The query service: failed NAS backup sessions, newest first, two a page" -sk -H "$(H)" -H 'Accept: application/json' "$B/query?type=BackupJobSession&filter=JobType==NasBackup;Result==Failed&sortDesc=CreationTime&pageSize=2&format=Entities"
step "Unknown ID: 404 with an Error document" -sk -H "$(H)" "$B/cdpReplicaTaskSessions/00000000-0000-4000-8000-000000000000"
step "Log off: 204" -sk -X DELETE -H "$(H)" "$B/logonSessions/$SESSION"
step "... the token is dead" -sk -H "$(H)" "$B/backupSessions"
