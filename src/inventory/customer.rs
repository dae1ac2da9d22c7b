//! Which customer an entry belongs to: the `customer` of its entry, for a
//! BMC or UPS without one the customer of the host it serves, else
//! `[defaults] customer`. Reports use it to give one customer's part of the
//! fleet (`--customer`).

use super::Inventory;
use std::collections::BTreeSet;

impl Inventory {
    /// The customer of the entry `name`, if it has one.
    pub fn customer_of(&self, name: &str) -> Option<&str> {
        let own = if let Some(h) = self.host(name) {
            h.customer.as_deref()
        } else if let Some(d) = self.device(name) {
            d.customer.as_deref()
        } else if let Some(d) = self.database(name) {
            d.customer.as_deref()
        } else if let Some(b) = self.bmc(name) {
            b.customer.as_deref().or_else(|| {
                let host = b.host.as_ref()?;
                self.host(host.get_ref())?.customer.as_deref()
            })
        } else if let Some(u) = self.ups(name) {
            u.customer.as_deref().or_else(|| {
                u.hosts
                    .iter()
                    .find_map(|h| self.host(h.get_ref())?.customer.as_deref())
            })
        } else {
            return None;
        };
        own.or(self.defaults.customer.as_deref())
    }

    /// The entries of `customer`, every kind.
    pub fn entries_of(&self, customer: &str) -> BTreeSet<String> {
        self.entry_names()
            .filter(|n| self.customer_of(n) == Some(customer))
            .map(str::to_owned)
            .collect()
    }

    /// Every customer some entry belongs to.
    pub fn customers(&self) -> BTreeSet<&str> {
        self.entry_names()
            .filter_map(|n| self.customer_of(n))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    const INVENTORY: &str = r#"
[defaults]
customer = "ACME"

[[host]]
name = "web01"

[[host]]
name = "db01"
customer = "北京银行"

[[db]]
name = "pg"
engine = "postgres"
customer = "北京银行"

[[bmc]]
name = "db01-bmc"
protocol = "redfish"
address = "127.0.0.1"
host = "db01"

[[ups]]
name = "rack-ups"
address = "127.0.0.1"
hosts = ["db01", "web01"]

[[device]]
name = "sw1"
platform = "huawei_vrp"
customer = "ACME"
"#;

    #[test]
    fn an_entry_belongs_to_its_own_customer_then_its_host_then_the_default() {
        let inv = Inventory::parse(Path::new("inventory.toml"), INVENTORY).unwrap();
        assert_eq!(inv.customer_of("web01"), Some("ACME"));
        assert_eq!(inv.customer_of("db01"), Some("北京银行"));
        assert_eq!(inv.customer_of("db01-bmc"), Some("北京银行"));
        assert_eq!(inv.customer_of("rack-ups"), Some("北京银行"));
        assert_eq!(inv.customer_of("nope"), None);
        assert_eq!(
            inv.entries_of("北京银行"),
            ["db01", "db01-bmc", "pg", "rack-ups"]
                .map(String::from)
                .into()
        );
        assert_eq!(inv.customers(), ["ACME", "北京银行"].into());
    }
}
