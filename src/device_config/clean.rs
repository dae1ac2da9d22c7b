//! Cleaning a device's configuration as read into the text that is kept:
//! the session's artefacts, the lines the device rewrites on every read or
//! save, and the secrets go, so the text changes only when the
//! configuration does.
//!
//! Volatile lines: `Building configuration...`, `Current configuration : N
//! bytes`, `! Last configuration change at …`, `! NVRAM config last updated
//! at …`, `ntp clock-period N`, and Huawei's `!Software Version …` and
//! `!Last configuration was updated/saved at …` headers. Secrets are
//! replaced with `<removed>` (SPEC §7: secrets are never written; see
//! [`mask_secrets`]), so a change of only a secret is not seen.
//!
//! Pure functions, like the parsers: text in, text out.

use super::secrets::mask_secrets;
use crate::parse::device::{Platform, clean_output, re};

/// Whether a line is rewritten by the device on every read or save, so
/// that keeping it would make every backup a change.
fn volatile(platform: Platform, line: &str) -> bool {
    let t = line.trim();
    match platform {
        Platform::CiscoIos => {
            t == "Building configuration..."
                || re!(r"^Current configuration\s*:\s*\d+ bytes$").is_match(t)
                || re!(r"^Using \d+ out of \d+ bytes").is_match(t)
                || re!(r"^! ?(?:Last configuration change at|NVRAM config last updated at|No configuration change since last restart)").is_match(t)
                || re!(r"^!\s*(?:Time:|Running configuration last done at:)").is_match(t)
                || re!(r"^ntp clock-period \d+$").is_match(t)
        }
        Platform::HuaweiVrp => re!(
            r"^!\s*(?:Software Version|Last configuration was (?:updated|saved)|Time:|Create time|Config Version)"
        )
        .is_match(t),
    }
}

/// The configuration as kept: cleaned of session artefacts (prompts,
/// paging, CRLF), of volatile lines and of secrets; ends with one newline.
pub fn clean_config(platform: Platform, text: &str) -> String {
    let cleaned = clean_output(text);
    let mut out = String::with_capacity(cleaned.len());
    let mut removed = false;
    let mut last = "";
    for line in cleaned.lines() {
        if volatile(platform, line) {
            removed = true;
            continue;
        }
        // The `!` separators around removed lines would pile up.
        if removed && line == "!" && last == "!" {
            continue;
        }
        removed = false;
        last = line;
        out.push_str(&mask_secrets(line));
        out.push('\n');
    }
    // Volatile lines at the top leave blank lines behind.
    let start = out.len() - out.trim_start_matches('\n').len();
    out.drain(..start);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const IOS: &str = "sw1#show running-config\r\nBuilding configuration...\r\n\r\nCurrent configuration : 4187 bytes\r\n!\r\n! Last configuration change at 10:15:32 UTC Mon Mar 4 2024 by admin\r\n! NVRAM config last updated at 10:16:01 UTC Mon Mar 4 2024 by admin\r\n!\r\nversion 15.2\r\nhostname sw1\r\n!\r\nenable secret 5 $1$mERr$hx5rVt7rPNoS4wqbXKX7m0\r\n!\r\nntp clock-period 17179865\r\nntp server 192.0.2.1\r\nend\r\n\r\nsw1#";

    #[test]
    fn cisco_volatile_lines_and_secrets_go() {
        assert_eq!(
            clean_config(Platform::CiscoIos, IOS),
            "!\nversion 15.2\nhostname sw1\n!\nenable secret 5 <removed>\n!\nntp server 192.0.2.1\nend\n"
        );
        // A clock-only difference cleans to the same text.
        let later = IOS
            .replace("10:15:32 UTC Mon Mar 4", "08:00:00 UTC Tue Mar 5")
            .replace("17179865", "17179871")
            .replace("4187 bytes", "4190 bytes");
        assert_eq!(
            clean_config(Platform::CiscoIos, &later),
            clean_config(Platform::CiscoIos, IOS)
        );
        // Cleaning is stable.
        let once = clean_config(Platform::CiscoIos, IOS);
        assert_eq!(clean_config(Platform::CiscoIos, &once), once);
    }

    #[test]
    fn huawei_headers_go() {
        let vrp = "<HUAWEI>display current-configuration\n!Software Version V200R011C10SPC500\n!Last configuration was updated at 2024-03-04 10:15:32+08:00 by admin\n!Last configuration was saved at 2024-03-01 09:00:00+08:00 by admin\n#\nsysname HUAWEI\n#\nreturn\n<HUAWEI>";
        assert_eq!(
            clean_config(Platform::HuaweiVrp, vrp),
            "#\nsysname HUAWEI\n#\nreturn\n"
        );
    }
}
