//! The built-in probes: their names and descriptions, the arguments each
//! takes and the grammar those are validated against, and the fixed script
//! each runs (every one starting with [`PRELUDE`]). What their output means is
//! in `verdict`.

use std::collections::BTreeMap;
use std::net::IpAddr;
use std::sync::LazyLock;

/// The built-in probes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Probe {
    Link,
    Carrier,
    Address,
    DefaultRoute,
    GatewayPing,
    Dns,
    Ping,
    NicDriver,
    Sockets,
    Firewall,
}

/// The kind of value a probe argument takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Param {
    /// An interface name, or `any` (or empty) for every interface but loopback.
    Interface,
    /// A DNS name.
    Name,
    /// A DNS name or an IP address.
    Host,
}

static IFACE_RE: LazyLock<regex::Regex> =
    LazyLock::new(|| regex::Regex::new(r"^[A-Za-z0-9_][A-Za-z0-9_.:@-]{0,14}$").unwrap());
static LABEL_RE: LazyLock<regex::Regex> = LazyLock::new(|| {
    regex::Regex::new(r"^[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?$").unwrap()
});

impl Param {
    /// Ok when `value` is a valid value of this kind; otherwise why not.
    pub fn validate(self, value: &str) -> Result<(), String> {
        match self {
            Param::Interface => {
                if value.is_empty() || value == "any" || IFACE_RE.is_match(value) {
                    Ok(())
                } else {
                    Err(format!("'{value}' is not an interface name"))
                }
            }
            Param::Name => {
                if is_dns_name(value) && value.parse::<IpAddr>().is_err() {
                    Ok(())
                } else {
                    Err(format!("'{value}' is not a host name"))
                }
            }
            Param::Host => {
                if value.parse::<IpAddr>().is_ok() || is_dns_name(value) {
                    Ok(())
                } else {
                    Err(format!(
                        "'{value}' is neither a host name nor an IP address"
                    ))
                }
            }
        }
    }
}

fn is_dns_name(value: &str) -> bool {
    let name = value.strip_suffix('.').unwrap_or(value);
    !name.is_empty() && name.len() <= 253 && name.split('.').all(|l| LABEL_RE.is_match(l))
}

/// Every built-in script starts so: fixed locale for parsing, no surprises
/// from PATH, and `ops_need PROGRAM...`, which ends the script with 127 and
/// "PROGRAM is not installed" when one is missing (the verdict is then
/// "cannot check", not a fault of the system).
pub(super) const PRELUDE: &str = "LC_ALL=C; export LC_ALL; PATH=/usr/sbin:/usr/bin:/sbin:/bin:$PATH; export PATH\n\
ops_need() { for _p in \"$@\"; do command -v \"$_p\" >/dev/null 2>&1 || { echo \"$_p is not installed\" >&2; exit 127; }; done; }\n";

/// What a walk's probes may do, from configuration.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProbeOptions {
    /// Ping the default gateway (`gateway_ping` in `[thresholds.host]`, or
    /// `OPS_GATEWAY_PING=0`, as for `inspect host`); when false the
    /// gateway-ping probe reads the neighbour table and sends nothing.
    pub gateway_ping: bool,
}

impl Default for ProbeOptions {
    fn default() -> Self {
        ProbeOptions { gateway_ping: true }
    }
}

impl Probe {
    pub const ALL: [Probe; 10] = [
        Probe::Link,
        Probe::Carrier,
        Probe::Address,
        Probe::DefaultRoute,
        Probe::GatewayPing,
        Probe::Dns,
        Probe::Ping,
        Probe::NicDriver,
        Probe::Sockets,
        Probe::Firewall,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Probe::Link => "link",
            Probe::Carrier => "carrier",
            Probe::Address => "address",
            Probe::DefaultRoute => "default-route",
            Probe::GatewayPing => "gateway-ping",
            Probe::Dns => "dns",
            Probe::Ping => "ping",
            Probe::NicDriver => "nic-driver",
            Probe::Sockets => "sockets",
            Probe::Firewall => "firewall",
        }
    }

    pub fn from_name(name: &str) -> Option<Probe> {
        Probe::ALL.into_iter().find(|p| p.name() == name)
    }

    /// One line saying what ok means.
    pub fn describe(self) -> &'static str {
        match self {
            Probe::Link => "the interface (or any but loopback) is administratively up",
            Probe::Carrier => "the interface (or any but loopback) has carrier (cable and peer up)",
            Probe::Address => "the interface (or any but loopback) has a global IP address",
            Probe::DefaultRoute => "a default route exists on a link that is up",
            Probe::GatewayPing => {
                "the IPv4 default gateway answers ping (or is in the neighbour table)"
            }
            Probe::Dns => "the name resolves (getent hosts: /etc/hosts, then DNS)",
            Probe::Ping => "the host (name or address) answers ping",
            Probe::NicDriver => {
                "every network controller has a driver bound (the interface exists)"
            }
            Probe::Sockets => "file handles and TCP sockets are below 90 % of their limits",
            Probe::Firewall => "the firewall rules can be listed and none drops or rejects",
        }
    }

    pub fn param(self, name: &str) -> Option<Param> {
        match (self, name) {
            (Probe::Link | Probe::Carrier | Probe::Address | Probe::NicDriver, "interface") => {
                Some(Param::Interface)
            }
            (Probe::Dns, "name") => Some(Param::Name),
            (Probe::Ping, "host") => Some(Param::Host),
            _ => None,
        }
    }

    pub fn required_params(self) -> &'static [&'static str] {
        match self {
            Probe::Dns => &["name"],
            Probe::Ping => &["host"],
            _ => &[],
        }
    }

    pub fn param_names(self) -> String {
        match self {
            Probe::Link | Probe::Carrier | Probe::Address | Probe::NicDriver => "interface".into(),
            Probe::Dns => "name".into(),
            Probe::Ping => "host".into(),
            _ => "nothing".into(),
        }
    }

    pub fn default_timeout_secs(self) -> u64 {
        match self {
            Probe::Dns => 20,
            Probe::GatewayPing | Probe::Ping => 15,
            _ => 10,
        }
    }

    /// The script to run with the default options, see [`Probe::script_with`].
    pub fn script(self, args: &BTreeMap<String, String>) -> Result<String, String> {
        self.script_with(args, &ProbeOptions::default())
    }

    /// The script to run, for arguments whose placeholders are already filled.
    /// Err when an argument is not valid (it never reaches a shell then).
    pub fn script_with(
        self,
        args: &BTreeMap<String, String>,
        options: &ProbeOptions,
    ) -> Result<String, String> {
        for (name, value) in args {
            match self.param(name) {
                Some(kind) => kind.validate(value)?,
                None => {
                    return Err(format!(
                        "probe '{}' takes no argument '{name}'",
                        self.name()
                    ));
                }
            }
        }
        let arg = |name: &str| -> Result<&str, String> {
            args.get(name)
                .map(String::as_str)
                .ok_or_else(|| format!("probe '{}' needs argument '{name}'", self.name()))
        };
        let body = match self {
            Probe::Link | Probe::Carrier => "ops_need ip\nip -o link show".to_string(),
            Probe::Address => "ops_need ip\nip -o addr show".to_string(),
            Probe::DefaultRoute => {
                "ops_need ip\nip -4 route show\necho '--- ipv6'\nip -6 route show 2>/dev/null\ntrue"
                    .to_string()
            }
            Probe::GatewayPing => format!(
                "OPS_PING={}\n{GATEWAY_PING}",
                if options.gateway_ping { 1 } else { 0 }
            ),
            // Validated above: letters, digits, '-', '_', '.', ':' only, so single quotes are safe.
            Probe::Dns => format!(
                "ops_need getent\ngetent hosts '{}'\nrc=$?\necho '--- /etc/resolv.conf'\ngrep -v '^#' /etc/resolv.conf 2>/dev/null\nexit $rc",
                arg("name")?
            ),
            Probe::Ping => format!("ops_need ping\nping -n -c 2 -i 0.5 -W 2 '{}'", arg("host")?),
            Probe::NicDriver => NIC_DRIVER.to_string(),
            Probe::Sockets => {
                "cat /proc/sys/fs/file-nr /proc/sys/net/ipv4/ip_local_port_range /proc/net/sockstat"
                    .to_string()
            }
            Probe::Firewall => FIREWALL.to_string(),
        };
        Ok(format!("{PRELUDE}{body}"))
    }
}

/// Pings the gateway when `OPS_PING` (set before it) is not 0 and ping is
/// installed; otherwise says why not and prints its neighbour-table entry,
/// sending nothing.
const GATEWAY_PING: &str = r##"ops_need ip
gw=$(ip -4 route show default | sed -n 's/^default via \([0-9.]*\).*/\1/p' | head -n 1)
if [ -z "$gw" ]; then echo "no IPv4 default gateway"; exit 1; fi
echo "gateway $gw"
if [ "$OPS_PING" != 0 ] && command -v ping >/dev/null 2>&1; then
  ping -n -c 2 -i 0.5 -W 2 "$gw"
  exit $?
fi
if [ "$OPS_PING" = 0 ]; then echo "not pinged: ping is turned off (gateway_ping = false)"
else echo "not pinged: ping is not installed"; fi
echo "--- ip neigh"
ip neigh show "$gw""##;

const NIC_DRIVER: &str = r##"for d in /sys/class/net/*; do
  n=${d##*/}
  if [ -e "$d/device/driver" ]; then drv=$(readlink "$d/device/driver"); echo "if $n driver=${drv##*/}"
  elif [ -e "$d/device" ]; then echo "if $n driver=none"
  else echo "if $n virtual"; fi
done
for p in /sys/bus/pci/devices/*; do
  [ -r "$p/class" ] || continue
  case $(cat "$p/class") in
    0x02*) if [ -e "$p/driver" ]; then drv=$(readlink "$p/driver"); echo "pci ${p##*/} driver=${drv##*/}"
           else echo "pci ${p##*/} driver=none"; fi;;
  esac
done
true"##;

const FIREWALL: &str = r##"if command -v nft >/dev/null 2>&1; then echo "# nft list ruleset"; nft list ruleset
elif command -v iptables >/dev/null 2>&1; then echo "# iptables -S"; iptables -S
else echo "# no firewall tool (nft, iptables) is installed"; fi"##;

#[cfg(test)]
mod tests {
    use super::*;

    fn args(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn arguments_are_validated_before_any_script_is_made() {
        assert!(
            Probe::Dns
                .script(&args(&[("name", "app.example.com")]))
                .is_ok()
        );
        for bad in ["a;reboot", "$(id)", "-oProxyCommand=x", "a b", "'x'", ""] {
            assert!(Probe::Dns.script(&args(&[("name", bad)])).is_err(), "{bad}");
            assert!(
                Probe::Ping.script(&args(&[("host", bad)])).is_err(),
                "{bad}"
            );
        }
        assert!(Probe::Ping.script(&args(&[("host", "fe80::1")])).is_ok());
        assert!(Probe::Dns.script(&args(&[("name", "10.0.0.1")])).is_err());
        assert!(
            Probe::Link
                .script(&args(&[("interface", "eth0; rm")]))
                .is_err()
        );
        assert!(Probe::Link.script(&args(&[("interface", "any")])).is_ok());
        assert!(Probe::Dns.script(&args(&[])).is_err());
    }
}
