#!/usr/bin/env bash
# Installs vantage-probe as a systemd service on a bare Linux VM, from a checkout of the repository:
#
#   sudo VANTAGE_PROBE_TOKEN=vp_… infra/systemd/install-probe.sh --control-plane cp.example.com:4001 --region eu-west
#
# Without VANTAGE_PROBE_TOKEN it asks for the token (never as an argument, which `ps` and shell history
# would show); re-running it without one upgrades the probe and keeps the token already installed.
# Tokens: `npm run vantage -- probes rotate-token <region> <name>` on the control plane, or
# POST /api/v1/admin/probe-tokens.
#
# It creates the vantage-probe system user, copies the probe (apps/probe, packages/domain, packages/proto)
# to /opt/vantage-probe with its npm dependencies and Node 24 (the npm `node` package, unless the system
# node is already 24 or newer), writes /etc/vantage/probe.env (root:vantage-probe, 0640) and enables
# vantage-probe.service. It needs npm (any Node.js 18+ with npm) to fetch the dependencies.
set -euo pipefail

usage() {
  cat >&2 <<'EOF'
usage: install-probe.sh --control-plane HOST:PORT --region REGION [options]
  --control-plane HOST:PORT   the control plane's gRPC endpoint (TLS unless loopback), or https://HOST:PORT
  --region REGION             the region this probe serves, e.g. eu-west
  --ca-file FILE              trust this CA certificate (PEM) for the gRPC TLS instead of the system's roots
                              (kept on later runs)
  --no-start                  install and enable the service, but do not (re)start it
  --root DIR                  install below DIR and leave users and systemd alone (packaging, tests)
The token is read from VANTAGE_PROBE_TOKEN, or asked for.
EOF
  exit 2
}

die() {
  echo "install-probe: $*" >&2
  exit 1
}

control_plane=""
region=""
ca_file=""
start=1
root=""
while [ $# -gt 0 ]; do
  case "$1" in
    --control-plane) control_plane="${2:-}"; shift 2 || usage ;;
    --region) region="${2:-}"; shift 2 || usage ;;
    --ca-file) ca_file="${2:-}"; shift 2 || usage ;;
    --no-start) start=0; shift ;;
    --root) root="${2:-}"; shift 2 || usage ;;
    -h | --help) usage ;;
    *) echo "install-probe: unknown option $1" >&2; usage ;;
  esac
done
[ -n "$control_plane" ] || { echo "install-probe: --control-plane is required" >&2; usage; }
[ -n "$region" ] || { echo "install-probe: --region is required" >&2; usage; }
[[ "$region" =~ ^[a-z0-9][a-z0-9-]{1,38}[a-z0-9]$ ]] || die "not a region id: $region (lowercase letters, digits and -)"
[ -z "$ca_file" ] || [ -r "$ca_file" ] || die "cannot read the CA file $ca_file"
if [ -z "$root" ] && [ "$(id -u)" != "0" ]; then die "run as root (sudo)"; fi

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
[ -f "$repo/apps/probe/src/main.ts" ] || die "run this script from a checkout of the Vantage repository"
command -v npm >/dev/null 2>&1 || die "npm is missing: install Node.js 18+ with npm first (e.g. apt-get install nodejs npm)"

prefix="$root/opt/vantage-probe"
env_file="$root/etc/vantage/probe.env"
unit_file="$root/etc/systemd/system/vantage-probe.service"
user="vantage-probe"

token="${VANTAGE_PROBE_TOKEN:-}"
if [ -z "$token" ] && [ -f "$env_file" ]; then
  token="$(sed -n 's/^VANTAGE_PROBE_TOKEN=//p' "$env_file" | head -n 1)"
fi
if [ -z "$token" ]; then
  [ -t 0 ] || die "set VANTAGE_PROBE_TOKEN (no terminal to ask for it)"
  read -r -s -p "Probe token for $region: " token
  echo
fi
[[ "$token" =~ ^[^[:space:]]+$ ]] || die "the token must be one word without spaces"

# Node 24 for the probe: the system's when new enough, else the npm `node` package next to the probe.
system_node_major=0
if command -v node >/dev/null 2>&1; then
  system_node_major="$(node -p 'process.versions.node.split(".")[0]')"
fi
bundle_node=1
if [ "$system_node_major" -ge 24 ]; then bundle_node=0; fi

echo "install-probe: staging the probe in $prefix.new"
rm -rf "$prefix.new"
mkdir -p "$prefix.new"
for dir in apps/probe packages/domain packages/proto; do
  mkdir -p "$prefix.new/$dir"
  tar -C "$repo/$dir" --exclude=node_modules --exclude='*.test.ts' --exclude='test-support*' \
    --exclude='test-fixtures.ts' -cf - . | tar -C "$prefix.new/$dir" -xf -
done
cp "$repo/package-lock.json" "$prefix.new/"
# The repository's package.json reduced to the probe's workspaces: locked versions, no dev tools, and the
# npm `node` package (whose install script fetches the binary) when the system node is too old.
node -e '
  const fs = require("fs");
  const [source, target, bundleNode] = process.argv.slice(1);
  const pkg = JSON.parse(fs.readFileSync(source, "utf8"));
  pkg.workspaces = ["apps/probe", "packages/domain", "packages/proto"];
  pkg.dependencies = bundleNode === "1" ? { node: pkg.devDependencies.node } : {};
  pkg.allowScripts = { node: true };
  delete pkg.devDependencies;
  delete pkg.scripts;
  fs.writeFileSync(target, JSON.stringify(pkg, null, 2));
' "$repo/package.json" "$prefix.new/package.json" "$bundle_node"
(cd "$prefix.new" && npm install --omit=dev --no-audit --no-fund --loglevel=error)
mkdir -p "$prefix.new/bin"
if [ "$bundle_node" = 1 ]; then
  [ -x "$prefix.new/node_modules/node/bin/node" ] || die "npm did not install Node 24 (the node package's install script must run)"
  ln -s ../node_modules/node/bin/node "$prefix.new/bin/node"
else
  ln -s "$(command -v node)" "$prefix.new/bin/node"
fi
"$prefix.new/bin/node" -e 'if (Number(process.versions.node.split(".")[0]) < 24) process.exit(1)' \
  || die "the probe needs Node 24 or newer"

rm -rf "$prefix.old"
if [ -d "$prefix" ]; then mv "$prefix" "$prefix.old"; fi
mv "$prefix.new" "$prefix"
rm -rf "$prefix.old"

if [ -z "$root" ] && ! id "$user" >/dev/null 2>&1; then
  echo "install-probe: creating the system user $user"
  useradd --system --home-dir /var/lib/vantage-probe --no-create-home --shell /usr/sbin/nologin "$user"
fi

echo "install-probe: writing $env_file"
mkdir -p "$(dirname "$env_file")"
# A CA given once stays trusted on upgrades (delete /etc/vantage/probe-ca.crt to go back to the system roots).
ca_installed="$(dirname "$env_file")/probe-ca.crt"
if [ -n "$ca_file" ]; then install -m 0644 "$ca_file" "$ca_installed"; fi
umask 027
{
  echo "# vantage-probe settings (apps/probe/src/config.ts); written by install-probe.sh"
  echo "VANTAGE_CONTROL_PLANE_URL=$control_plane"
  echo "VANTAGE_REGION=$region"
  echo "VANTAGE_PROBE_TOKEN=$token"
  if [ -f "$ca_installed" ]; then echo "GRPC_DEFAULT_SSL_ROOTS_FILE_PATH=/etc/vantage/probe-ca.crt"; fi
} > "$env_file.new"
chmod 0640 "$env_file.new"
if [ -z "$root" ]; then chown "root:$user" "$env_file.new"; fi
mv "$env_file.new" "$env_file"

mkdir -p "$(dirname "$unit_file")"
install -m 0644 "$repo/infra/systemd/vantage-probe.service" "$unit_file"
if [ -n "$root" ]; then
  echo "install-probe: installed below $root (no user, no systemd)"
  exit 0
fi
systemctl daemon-reload
systemctl enable vantage-probe.service
if [ "$start" = 1 ]; then
  systemctl restart vantage-probe.service
  echo "install-probe: started; follow it with: journalctl -u vantage-probe -f"
else
  echo "install-probe: installed and enabled; start it with: systemctl start vantage-probe"
fi
