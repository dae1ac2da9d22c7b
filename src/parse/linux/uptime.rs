//! `/proc/uptime`: seconds since boot and idle seconds summed over CPUs.

use serde::Serialize;
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Uptime {
    pub seconds: f64,
    pub idle_seconds: f64,
}

pub fn parse(text: &str) -> Result<Uptime, String> {
    let mut it = text.split_whitespace();
    let num = |v: Option<&str>| {
        v.and_then(|v| v.parse::<f64>().ok())
            .filter(|v| v.is_finite() && *v >= 0.0)
    };
    match (num(it.next()), num(it.next())) {
        (Some(seconds), Some(idle_seconds)) => Ok(Uptime {
            seconds,
            idle_seconds,
        }),
        _ => Err(format!(
            "expected two numbers, got {:?}",
            super::single::clip(text)
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn real_uptime() {
        let u = parse(include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/linux/proc-uptime"
        )))
        .unwrap();
        assert_eq!(u.seconds, 526.46);
        assert_eq!(u.idle_seconds, 293.44);
        assert!(parse("12").is_err());
        assert!(parse("-1 2").is_err());
        assert!(parse("NaN 2").is_err());
    }
}
