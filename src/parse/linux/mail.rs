//! The collection script's `mail` section: for each of `/var/mail/root`
//! and `/var/spool/mail/root`, either `absent PATH` or `ls -lniLd PATH`
//! (`INODE MODE LINKS UID GID SIZE DATE… PATH`).

use serde::Serialize;
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MailFile {
    pub path: String,
    pub inode: u64,
    pub size: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct RootMail {
    /// The spool files that exist (one file seen through two paths appears once).
    pub files: Vec<MailFile>,
    /// Paths that do not exist.
    pub absent: Vec<String>,
}

impl RootMail {
    pub fn total_bytes(&self) -> u64 {
        self.files
            .iter()
            .fold(0u64, |a, f| a.saturating_add(f.size))
    }
}

pub fn parse(text: &str) -> Result<RootMail, String> {
    let mut mail = RootMail::default();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        if let Some(path) = line.strip_prefix("absent ") {
            mail.absent.push(path.trim().to_string());
            continue;
        }
        let words: Vec<&str> = line.split_whitespace().collect();
        let parsed = (|| {
            if words.len() < 7 {
                return None;
            }
            let inode = words[0].parse::<u64>().ok()?;
            if !words[1].starts_with(['-', 'd', 'l', 'c', 'b', 'p', 's']) {
                return None;
            }
            let size = words[5].parse::<u64>().ok()?;
            Some(MailFile {
                path: words.last()?.to_string(),
                inode,
                size,
            })
        })();
        match parsed {
            Some(f) => {
                if !mail.files.iter().any(|g| g.inode == f.inode) {
                    mail.files.push(f);
                }
            }
            None => {
                return Err(format!(
                    "not an `ls -lni` line: {:?}",
                    super::single::clip(line)
                ));
            }
        }
    }
    if mail.files.is_empty() && mail.absent.is_empty() {
        return Err("no mail spool was looked at".to_string());
    }
    Ok(mail)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spools() {
        let m = parse("absent /var/mail/root\nabsent /var/spool/mail/root\n").unwrap();
        assert_eq!(m.total_bytes(), 0);
        assert_eq!(m.absent.len(), 2);
        // /var/spool/mail is a symlink to /var/mail: same inode, counted once.
        let m = parse(
            "1311 -rw------- 1 0 8 48213 May 20  2025 /var/mail/root\n\
             1311 -rw------- 1 0 8 48213 May 20  2025 /var/spool/mail/root\n",
        )
        .unwrap();
        assert_eq!(m.files.len(), 1);
        assert_eq!(m.total_bytes(), 48213);
        assert_eq!(m.files[0].path, "/var/mail/root");
        let m = parse(
            "12 -rw------- 1 0 8 0 Jan  1 00:00 /var/mail/root\nabsent /var/spool/mail/root\n",
        )
        .unwrap();
        assert_eq!(m.total_bytes(), 0);
        assert!(parse("ls: cannot access\n").is_err());
        assert!(parse("").is_err());
    }
}
