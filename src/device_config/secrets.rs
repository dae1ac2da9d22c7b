//! Secrets in device configurations, replaced with `<removed>` before a
//! configuration is written to the records repository.
//!
//! Cisco stores many secrets reversibly (type 7, SNMP communities and
//! TACACS/RADIUS keys in clear text) and Huawei's `cipher` form is
//! reversible too, so hashes and ciphers are removed as well as clear text.
//! The rules name the keyword that introduces a secret; a last rule catches
//! hash and cipher tokens (`$1$…`, `$9$…`, `%^%#…%^%#`, `%@%@…%@%@`) that no
//! keyword rule saw.

use crate::parse::device::re;
use regex::Regex;
use std::sync::LazyLock;

pub const REMOVED: &str = "<removed>";

/// Each rule keeps group 1 and replaces what follows it (group 2) with
/// `<removed>`.
static RULES: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    [
        // Cisco
        r"^(\s*enable (?:secret|password)(?: level \d+)?(?: \d+)?) (\S+)",
        r"^(\s*username \S+(?: .*?)? (?:secret|password)(?: \d+)?) (\S+)",
        r"^(\s*(?:password|secret)(?: \d+)?) (\S+)",
        r"^(\s*snmp-server community) (\S+)",
        r"^(\s*snmp-server host \S+(?: (?:informs|traps|version \S+|vrf \S+))*) (\S+)",
        r"^(\s*(?:tacacs-server|radius-server)(?: host \S+.*?)? key(?: \d+)?) (\S+)",
        r"^(\s*server-private \S+.*? key(?: \d+)?) (\S+)",
        r"^(\s*key \d+) (\S+)$",
        r"^(\s*key) ([^\d\s]\S*)$",
        r"(\bkey-string(?: \d+)?) (\S+)",
        r"(\bip ospf authentication-key(?: \d+)?) (\S+)",
        r"(\bmessage-digest-key \d+ md5(?: \d+)?) (\S+)",
        r"(\bneighbor \S+ password(?: \d+)?) (\S+)",
        r"(\bcrypto isakmp key(?: \d+)?) (\S+)",
        r"(\bntp authentication-key \d+ md5) (\S+)",
        r"(\bppp (?:chap|pap) (?:password|sent-username \S+ password)(?: \d+)?) (\S+)",
        r"(\bstandby(?: \d+)? authentication(?: text)?) ([^\s]+)$",
        r"(\bvrrp \d+ authentication text) (\S+)",
        r"(\bwpa-psk ascii(?: \d+)?) (\S+)",
        r"(\bsnmp-server user \S+ \S+.*? auth (?:md5|sha\S*)) (\S+)",
        r"(\bsnmp-server user \S+ \S+.*? priv (?:des\S*|3des|aes(?: \d+)?)) (\S+)",
        // Huawei
        r"(\bpassword(?: level \d+)? (?:irreversible-cipher|cipher|simple|sha256)) (\S+)",
        r"(\bsnmp-agent community (?:read|write)(?: cipher| simple)?) (\S+)",
        r"(\bshared-key(?: cipher| simple)?) (\S+)",
        r"(\bpre-shared-key(?: cipher| simple)?) (\S+)",
        r"(\bauthentication-mode (?:md5|hmac-md5|hmac-sha256|simple|keychain|sha\S*)(?: \d+)?(?: cipher| plain)?) (\S+)",
        r"(\bprivacy-mode \S+(?: cipher| plain)?) (\S+)",
        r"(\bsnmp-agent usm-user v3 \S+ authentication-mode \S+(?: cipher)?) (\S+)",
    ]
    .iter()
    .map(|p| Regex::new(p).expect("valid secret rule"))
    .collect()
});

/// A line with its secrets replaced by `<removed>`.
pub fn mask_secrets(line: &str) -> String {
    let mut out = line.to_string();
    for rule in RULES.iter() {
        if rule.is_match(&out) {
            out = rule
                .replace_all(&out, |c: &regex::Captures| format!("{} {REMOVED}", &c[1]))
                .into_owned();
        }
    }
    // Hash and cipher tokens that no keyword rule covered.
    let token = re!(r"(?:^|\s)(\$\d{1,2}[a-z]?\$\S+|%\^%#\S+%\^%#|%@%@\S+%@%@|%\$%\$\S+%\$%\$)");
    if token.is_match(&out) {
        out = token
            .replace_all(&out, |c: &regex::Captures| {
                let whole = &c[0];
                format!("{}{REMOVED}", &whole[..whole.len() - c[1].len()])
            })
            .into_owned();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cisco_secrets() {
        for (line, want) in [
            (
                "enable secret 5 $1$mERr$hx5rVt7rPNoS4wqbXKX7m0",
                "enable secret 5 <removed>",
            ),
            ("enable secret 9 $9$abc$def", "enable secret 9 <removed>"),
            ("enable password cisco", "enable password <removed>"),
            (
                "username admin privilege 15 secret 5 $1$abc$xyz",
                "username admin privilege 15 secret 5 <removed>",
            ),
            (
                "username ops password 7 0822455D0A16",
                "username ops password 7 <removed>",
            ),
            (" password 7 0822455D0A16", " password 7 <removed>"),
            (
                "snmp-server community public RO",
                "snmp-server community <removed> RO",
            ),
            (
                "snmp-server host 192.0.2.9 version 2c s3cret",
                "snmp-server host 192.0.2.9 version 2c <removed>",
            ),
            (
                "tacacs-server key 7 045802150C2E",
                "tacacs-server key 7 <removed>",
            ),
            (
                "tacacs-server host 192.0.2.5 key Sekrit",
                "tacacs-server host 192.0.2.5 key <removed>",
            ),
            ("radius-server key Sekrit", "radius-server key <removed>"),
            (" key 7 045802150C2E", " key 7 <removed>"),
            (" key Sekrit", " key <removed>"),
            (" key-string 7 0822455D0A16", " key-string 7 <removed>"),
            (
                " ip ospf authentication-key 7 0822",
                " ip ospf authentication-key 7 <removed>",
            ),
            (
                " ip ospf message-digest-key 1 md5 7 0822",
                " ip ospf message-digest-key 1 md5 7 <removed>",
            ),
            (
                " neighbor 10.0.0.2 password 7 0822455D0A16",
                " neighbor 10.0.0.2 password 7 <removed>",
            ),
            (
                "crypto isakmp key Sekrit address 203.0.113.1",
                "crypto isakmp key <removed> address 203.0.113.1",
            ),
            (
                "ntp authentication-key 1 md5 0822455D0A16 7",
                "ntp authentication-key 1 md5 <removed> 7",
            ),
            (
                " standby 1 authentication md5 key-string Sekrit",
                " standby 1 authentication md5 key-string <removed>",
            ),
            (
                "snmp-server user mon grp v3 auth sha AuthPass priv aes 128 PrivPass",
                "snmp-server user mon grp v3 auth sha <removed> priv aes 128 <removed>",
            ),
        ] {
            assert_eq!(mask_secrets(line), want, "{line}");
        }
    }

    #[test]
    fn huawei_secrets() {
        for (line, want) in [
            (
                " local-user admin password irreversible-cipher $1a$Xy$abc$",
                " local-user admin password irreversible-cipher <removed>",
            ),
            (
                " set authentication password cipher %^%#abc%^%#",
                " set authentication password cipher <removed>",
            ),
            (
                "super password level 15 cipher %@%@abc%@%@",
                "super password level 15 cipher <removed>",
            ),
            (
                "snmp-agent community read cipher %^%#x%^%#",
                "snmp-agent community read cipher <removed>",
            ),
            (
                "snmp-agent community write private",
                "snmp-agent community write <removed>",
            ),
            (
                " hwtacacs-server shared-key cipher %^%#x%^%#",
                " hwtacacs-server shared-key cipher <removed>",
            ),
            (
                " ospf authentication-mode md5 1 cipher %^%#x%^%#",
                " ospf authentication-mode md5 1 cipher <removed>",
            ),
            (
                " pre-shared-key cipher %^%#x%^%#",
                " pre-shared-key cipher <removed>",
            ),
        ] {
            assert_eq!(mask_secrets(line), want, "{line}");
        }
    }

    #[test]
    fn ordinary_lines_are_kept() {
        for line in [
            "service password-encryption",
            "key chain EIGRP-KEYS",
            " key 1",
            " authentication-mode aaa",
            " authentication-mode password",
            "interface GigabitEthernet1/0/1",
            " description uplink to core (password-less)",
            "aaa authentication login default group tacacs+ local",
            "ip ssh version 2",
            "snmp-server location Rack 5",
            "#",
            "return",
        ] {
            assert_eq!(mask_secrets(line), line);
        }
    }

    #[test]
    fn hashes_nothing_named_are_caught() {
        assert_eq!(mask_secrets(" foo $9$abcdef$ghij"), " foo <removed>");
        assert_eq!(mask_secrets(" bar %^%#x y%^%#"), " bar %^%#x y%^%#");
        assert_eq!(mask_secrets(" bar %^%#xy%^%#"), " bar <removed>");
    }
}
