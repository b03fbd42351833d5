//! The network model: `docker network inspect` and Engine API `GET /networks/{id}`.
//!
//! Each network is its own subject (kind `network`), so findings name the network and waivers
//! can scope to it by name or id. `null` or missing values read as empty; values of the wrong
//! JSON type are errors that name their pointer.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde::de::Deserializer;

use super::lenient::{nullable, string_map};
use super::origin::Origin;

/// A network subject.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct Network {
    /// Network name (`Name`: `bridge`, `ingress`, `backend`).
    #[serde(default, deserialize_with = "nullable")]
    pub name: String,
    /// Network id (`Id`).
    #[serde(default, deserialize_with = "nullable")]
    pub id: String,
    /// Driver (`Driver`: `bridge`, `host`, `null`, `overlay`, `macvlan`, `ipvlan` or a
    /// plugin's name).
    #[serde(default, deserialize_with = "nullable")]
    pub driver: String,
    /// `local`, `global` or `swarm` (`Scope`).
    #[serde(default, deserialize_with = "nullable")]
    pub scope: String,
    /// Driver options (`Options`); `None` when the document has no `Options` key, so findings
    /// can point at a field that is there.
    #[serde(default, deserialize_with = "present_string_map")]
    pub options: Option<BTreeMap<String, String>>,
    /// Whether the network has no route outside (`Internal`).
    #[serde(default, deserialize_with = "nullable")]
    pub internal: bool,
    /// Whether standalone containers may attach to a swarm network (`Attachable`).
    #[serde(default, deserialize_with = "nullable")]
    pub attachable: bool,
    /// Whether this is the swarm routing-mesh network (`Ingress`).
    #[serde(default, deserialize_with = "nullable")]
    pub ingress: bool,
    /// Labels (`Labels`).
    #[serde(default, deserialize_with = "string_map")]
    pub labels: BTreeMap<String, String>,
    /// Where the network's values came from.
    #[serde(skip)]
    pub origin: Origin,
}

/// A string map that remembers it was present (`null` reads as present and empty).
fn present_string_map<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<BTreeMap<String, String>>, D::Error> {
    string_map(deserializer).map(Some)
}

impl Network {
    /// The name reports show: the network's name, else its short id.
    #[must_use]
    pub fn display_name(&self) -> String {
        if !self.name.is_empty() {
            return self.name.clone();
        }
        if !self.id.is_empty() {
            return self.id.chars().take(12).collect();
        }
        "network".to_owned()
    }

    /// Whether the driver is `overlay` (a swarm or multi-host network).
    #[must_use]
    pub fn is_overlay(&self) -> bool {
        self.driver.trim().eq_ignore_ascii_case("overlay")
    }

    /// Whether the network is the swarm routing mesh (`Ingress: true`, or the built-in name
    /// `ingress` on an overlay network).
    #[must_use]
    pub fn is_ingress(&self) -> bool {
        self.ingress || (self.is_overlay() && self.name == "ingress")
    }

    /// Whether the driver options ask for IPsec encryption of the data plane. Docker's overlay
    /// driver turns encryption on when the `encrypted` option is present, whatever its value.
    #[must_use]
    pub fn is_encrypted(&self) -> bool {
        self.options
            .as_ref()
            .is_some_and(|o| o.keys().any(|k| k.trim() == "encrypted"))
    }
}
