//! The cover of a report, as the customer's paper reports have it: who made
//! it for whom under which contract (the header), and the lines the
//! engineer, the technical director and the customer's representative sign.
//! The names come from `[report]` in ops.toml; a field left unset is printed
//! blank, to be filled in by hand.

use super::ReportConfig;
use serde::Serialize;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Cover {
    /// The maintenance company.
    pub company: Option<String>,
    /// The customer the report is for (`--customer`, else `[report] customer`).
    pub customer: Option<String>,
    /// The contract number (`[report.contracts]` for the customer, else `[report] contract`).
    pub contract: Option<String>,
    /// Who wrote the report: the engineer who signs it first.
    pub author: Option<String>,
    /// Who reviews it: the technical director.
    pub reviewer: Option<String>,
}

impl ReportConfig {
    /// The cover of a report for `customer` (None: the configured one).
    pub fn cover(&self, customer: Option<&str>) -> Cover {
        let customer = customer
            .map(str::to_owned)
            .or_else(|| self.customer.clone());
        let contract = customer
            .as_ref()
            .and_then(|c| self.contracts.get(c))
            .cloned()
            .or_else(|| self.contract.clone());
        Cover {
            company: self.company.clone(),
            customer,
            contract,
            author: self.author.clone(),
            reviewer: self.reviewer.clone(),
        }
    }
}

/// Why `name` cannot name a customer's report directory, if it cannot: it
/// becomes `reports/<kind>/<customer>/`, so no `/`, no leading `.`, no
/// control character, at most 100 characters.
pub fn customer_name_problem(name: &str) -> Option<&'static str> {
    if name.trim().is_empty() {
        Some("it is empty")
    } else if name.contains(['/', '\\']) {
        Some("it holds a slash")
    } else if name.starts_with('.') {
        Some("it starts with a dot")
    } else if name.chars().any(char::is_control) {
        Some("it holds a control character")
    } else if name.chars().count() > 100 {
        Some("it is longer than 100 characters")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_customer_has_its_own_contract_else_the_default_one() {
        let config = ReportConfig {
            company: Some("华信运维".into()),
            customer: Some("ACME".into()),
            contract: Some("HT-0".into()),
            contracts: [("北京银行".to_string(), "HT-2026-017".to_string())].into(),
            author: Some("张伟".into()),
            reviewer: Some("李娜".into()),
            ..ReportConfig::default()
        };
        let bank = config.cover(Some("北京银行"));
        assert_eq!(bank.customer.as_deref(), Some("北京银行"));
        assert_eq!(bank.contract.as_deref(), Some("HT-2026-017"));
        let default = config.cover(None);
        assert_eq!(default.customer.as_deref(), Some("ACME"));
        assert_eq!(default.contract.as_deref(), Some("HT-0"));
        assert_eq!(ReportConfig::default().cover(None), Cover::default());
    }

    #[test]
    fn customer_names_that_cannot_be_a_directory_are_refused() {
        assert_eq!(customer_name_problem("北京银行"), None);
        assert_eq!(customer_name_problem("ACME Corp."), None);
        for bad in ["", " ", "a/b", "..", ".hidden", "a\nb"] {
            assert!(customer_name_problem(bad).is_some(), "{bad:?}");
        }
    }
}
