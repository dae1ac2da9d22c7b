//! `/proc/loadavg`: `0.13 0.87 0.75 2/95 17128`.

use serde::Serialize;
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct LoadAvg {
    pub one: f64,
    pub five: f64,
    pub fifteen: f64,
    /// Runnable scheduling entities and all of them (`2/95`), when present.
    pub running: Option<u32>,
    pub total: Option<u32>,
}

pub fn parse(text: &str) -> Result<LoadAvg, String> {
    let fields: Vec<&str> = text.split_whitespace().collect();
    let load = |i: usize| {
        fields
            .get(i)
            .and_then(|v| v.parse::<f64>().ok())
            .filter(|v| v.is_finite() && *v >= 0.0)
    };
    let (Some(one), Some(five), Some(fifteen)) = (load(0), load(1), load(2)) else {
        return Err(format!(
            "expected three load averages, got {:?}",
            super::single::clip(text)
        ));
    };
    let (running, total) = match fields.get(3).and_then(|f| f.split_once('/')) {
        Some((r, t)) => (r.parse().ok(), t.parse().ok()),
        None => (None, None),
    };
    Ok(LoadAvg {
        one,
        five,
        fifteen,
        running,
        total,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn real_loadavg() {
        let l = parse(include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/linux/proc-loadavg"
        )))
        .unwrap();
        assert_eq!((l.one, l.five, l.fifteen), (1.16, 1.78, 0.95));
        assert_eq!((l.running, l.total), (Some(2), Some(99)));
        assert!(parse("1 2").is_err());
        assert!(parse("1 2 x").is_err());
        assert_eq!(parse("1 2 3").unwrap().running, None);
    }
}
