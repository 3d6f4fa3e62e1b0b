#!/bin/sh
# Packages SLO Bot's Microsoft Teams app: manifest.json with the bot's Microsoft App ID (and, optionally, its host)
# filled in, plus the two icons, zipped flat into artifacts/teams/slo-bot.zip, ready to upload in Teams.
#
#   manifests/teams/package.sh [app-id] [bot-host]
#
#   app-id    the Azure Bot's Microsoft App ID (a GUID); default: $MSTEAMS_APP_ID, then $MsTeams__AppId
#   bot-host  the bot's public host name, e.g. slo-bot.example.com (goes into validDomains; optional);
#             default: $MSTEAMS_BOT_DOMAIN
#   MSTEAMS_PACKAGE_PATH  where to write the zip instead of artifacts/teams/slo-bot.zip
#
# Step by step: docs/teams-setup.md.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
app_id=${1:-${MSTEAMS_APP_ID:-${MsTeams__AppId:-}}}
host=${2:-${MSTEAMS_BOT_DOMAIN:-}}
out=${MSTEAMS_PACKAGE_PATH:-$root/artifacts/teams/slo-bot.zip}

fail() {
    echo "package.sh: $*" >&2
    exit 1
}

[ -n "$app_id" ] || fail "no Microsoft App ID: pass it as the first argument or set MSTEAMS_APP_ID."
echo "$app_id" | grep -Eq '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$' \
    || fail "'$app_id' is not a GUID; the Microsoft App ID is the app registration's Application (client) ID."
case $host in
    *[!A-Za-z0-9.-]*) fail "'$host' is not a host name: give the host alone, without https:// or a path." ;;
esac

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT

if [ -n "$host" ]; then
    domains="\"$host\""
else
    domains=""
fi
sed -e "s/\${{MSTEAMS_APP_ID}}/$app_id/g" -e "s/\"\${{MSTEAMS_BOT_DOMAIN}}\"/$domains/g" "$here/manifest.json" > "$stage/manifest.json"
if grep -q '\${{' "$stage/manifest.json"; then
    fail "manifest.json still has a placeholder: $(grep -o '\${{[A-Za-z_]*}}' "$stage/manifest.json" | head -n 1)"
fi
if command -v python3 > /dev/null 2>&1; then
    python3 -m json.tool "$stage/manifest.json" > /dev/null || fail "manifest.json is not valid JSON."
fi
cp "$here/color.png" "$here/outline.png" "$stage/"

# Teams wants the three files at the root of the zip, no folder.
mkdir -p "$(dirname "$out")"
rm -f "$out"
out=$(cd "$(dirname "$out")" && pwd)/$(basename "$out")
if command -v zip > /dev/null 2>&1; then
    (cd "$stage" && zip -q -X "$out" manifest.json color.png outline.png)
elif command -v python3 > /dev/null 2>&1; then
    python3 -m zipfile -c "$out" "$stage/manifest.json" "$stage/color.png" "$stage/outline.png"
else
    fail "neither zip nor python3 is installed (apt-get install zip)."
fi
echo "$out"
