//! Recognising secrets without echoing them.
//!
//! Names are split into tokens on `_`, `-`, `.` and lower-to-upper case changes, and a name is
//! secret-looking when its tokens contain a secret word (`PASSWORD`, `TOKEN`, `SECRET`, ...) or a
//! secret pair (`API`+`KEY`, `PRIVATE`+`KEY`, `ACCESS`+`KEY`). Matching tokens rather than
//! substrings keeps `KEYCLOAK_URL`, `GPG_KEY`, `PASSENGER_ROOT` and `TOKENIZERS_PARALLELISM`
//! quiet. Values are recognised by the published formats of well-known credentials.

/// Words that make a name secret on their own.
const SECRET_WORDS: &[&str] = &[
    "PASSWORD",
    "PASSWD",
    "PASSPHRASE",
    "SECRET",
    "TOKEN",
    "APIKEY",
    "CREDENTIAL",
    "CREDENTIALS",
    "PRIVATEKEY",
    "ACCESSKEY",
    "CLIENTSECRET",
    "PWD",
    "PASS",
    "PSW",
];

/// Names that are credentials though their last word would read as a reference (`ID`).
const SECRET_NAMES: &[&str] = &["AWS_ACCESS_KEY_ID"];

/// Words that, followed by `KEY`, make a name secret.
const KEY_QUALIFIERS: &[&str] = &[
    "API",
    "PRIVATE",
    "ACCESS",
    "SECRET",
    "ENCRYPTION",
    "SIGNING",
    "MASTER",
    "AUTH",
    "LICENSE",
    "SSH",
    "APP",
];

/// Trailing words that make a secret-looking name refer to where a secret is, or to a
/// property of it, rather than to the secret itself (`MYSQL_PASSWORD_FILE`, `TOKEN_URL`).
const REFERENCE_SUFFIXES: &[&str] = &[
    "FILE",
    "PATH",
    "DIR",
    "URL",
    "URI",
    "ENDPOINT",
    "LENGTH",
    "LEN",
    "MIN",
    "MAX",
    "EXPIRY",
    "EXPIRES",
    "TTL",
    "TIMEOUT",
    "POLICY",
    "HEADER",
    "NAME",
    "ID",
    "TYPE",
    "ENABLED",
    "REQUIRED",
    "ALGORITHM",
    "VERSION",
    "SECONDS",
    "MINUTES",
    "HOURS",
    "DAYS",
    "COUNT",
    "SIZE",
];

/// Names that look secret by their tokens but are well-known non-secrets.
const ALLOWED_NAMES: &[&str] = &["PWD", "OLDPWD", "GPG_KEY", "GPG_KEYS", "KEY_ID"];

fn tokens(name: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut prev_lower = false;
    for ch in name.chars() {
        if ch == '_' || ch == '-' || ch == '.' || ch.is_whitespace() {
            if !current.is_empty() {
                out.push(std::mem::take(&mut current));
            }
            prev_lower = false;
            continue;
        }
        if ch.is_ascii_uppercase() && prev_lower && !current.is_empty() {
            out.push(std::mem::take(&mut current));
        }
        prev_lower = ch.is_ascii_lowercase() || ch.is_ascii_digit();
        current.push(ch.to_ascii_uppercase());
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// Whether `value` is a setting rather than a secret, whatever its name says: a path
/// (`GOOGLE_APPLICATION_CREDENTIALS=/var/run/key.json`), a small number (`PASSWORD_MIN=12`) or
/// a boolean (`TOKEN_AUTH=true`).
#[must_use]
pub fn is_setting_value(value: &str) -> bool {
    let v = value.trim().trim_matches(['"', '\'']);
    let path = v.starts_with('/') || v.starts_with("./") || v.starts_with("~/");
    let small_number = !v.is_empty() && v.len() <= 4 && v.bytes().all(|b| b.is_ascii_digit());
    let boolean = matches!(
        v.to_ascii_lowercase().as_str(),
        "true" | "false" | "yes" | "no" | "on" | "off"
    );
    path || small_number || boolean
}

/// Whether a variable, argument or label name looks like it holds a secret.
#[must_use]
pub fn is_secret_name(name: &str) -> bool {
    let upper = name.trim().to_ascii_uppercase();
    if ALLOWED_NAMES.contains(&upper.as_str()) {
        return false;
    }
    if SECRET_NAMES.contains(&upper.as_str()) {
        return true;
    }
    let toks = tokens(name);
    let Some(last) = toks.last() else {
        return false;
    };
    if REFERENCE_SUFFIXES.contains(&last.as_str()) {
        return false;
    }
    // A lone `PWD` token is the shell's working directory unless qualified (`DB_PWD`).
    let secret_word = toks
        .iter()
        .any(|t| SECRET_WORDS.contains(&t.as_str()) && !(t == "PWD" && toks.len() == 1));
    let qualified_key = toks
        .windows(2)
        .any(|w| w[1] == "KEY" && KEY_QUALIFIERS.contains(&w[0].as_str()));
    secret_word || qualified_key
}

/// The name of the credential format `value` matches, if any. Never returns the value.
#[must_use]
pub fn secret_value_format(value: &str) -> Option<&'static str> {
    let v = value.trim();
    if v.contains("-----BEGIN") && v.contains("PRIVATE KEY") {
        return Some("private key");
    }
    for (prefix, len, what) in [
        ("AKIA", 20, "AWS access key id"),
        ("ASIA", 20, "AWS temporary access key id"),
    ] {
        if v.len() == len
            && v.starts_with(prefix)
            && v.bytes()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
        {
            return Some(what);
        }
    }
    for (prefix, min_len, what) in [
        ("ghp_", 40, "GitHub personal access token"),
        ("gho_", 40, "GitHub OAuth token"),
        ("ghs_", 40, "GitHub app token"),
        ("ghu_", 40, "GitHub user token"),
        ("github_pat_", 50, "GitHub fine-grained token"),
        ("glpat-", 26, "GitLab personal access token"),
        ("xoxb-", 20, "Slack bot token"),
        ("xoxp-", 20, "Slack user token"),
        ("sk_live_", 24, "Stripe secret key"),
        ("AIza", 39, "Google API key"),
        ("npm_", 40, "npm access token"),
    ] {
        if v.len() >= min_len
            && v.starts_with(prefix)
            && v[prefix.len()..]
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
        {
            return Some(what);
        }
    }
    if url_has_password(v) {
        return Some("URL with embedded password");
    }
    None
}

fn url_has_password(v: &str) -> bool {
    let Some((scheme, rest)) = v.split_once("://") else {
        return false;
    };
    if scheme.is_empty()
        || !scheme
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'+')
    {
        return false;
    }
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let Some((userinfo, _host)) = authority.rsplit_once('@') else {
        return false;
    };
    userinfo
        .split_once(':')
        .is_some_and(|(_, password)| !password.is_empty() && !is_placeholder(password))
}

/// Whether a value is empty or refers to a secret held elsewhere (`${VAR}`, `/run/secrets/x`)
/// rather than being one.
#[must_use]
pub fn is_placeholder(value: &str) -> bool {
    let v = value.trim();
    v.is_empty()
        || v.starts_with("${")
        || v.starts_with('$')
            && v.len() > 1
            && v[1..]
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_')
        || v.starts_with("/run/secrets/")
        || v.starts_with('<') && v.ends_with('>')
        || matches!(
            v.to_ascii_lowercase().as_str(),
            "changeme" | "none" | "null" | "xxx" | "****" | "redacted"
        )
}

/// `NAME=<redacted>`: an assignment shown without its value.
#[must_use]
pub fn redact_assignment(name: &str) -> String {
    format!("{name}=<redacted>")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_names_by_token() {
        for name in [
            "DB_PASSWORD",
            "MYSQL_ROOT_PASSWORD",
            "AWS_SECRET_ACCESS_KEY",
            "GITHUB_TOKEN",
            "AWS_ACCESS_KEY_ID",
            "DB_PASS",
            "SMTP_PSW",
            "MYSQL_PWD",
            "API_KEY",
            "apiKey",
            "PRIVATE_KEY",
            "client-secret",
            "DB_PWD",
        ] {
            assert!(is_secret_name(name), "{name} should look secret");
        }
    }

    #[test]
    fn trap_names_stay_quiet() {
        for name in [
            "KEYCLOAK_URL",
            "KEYCLOAK_ADMIN",
            "GPG_KEY",
            "PWD",
            "PASSENGER_ROOT",
            "TOKENIZERS_PARALLELISM",
            "TOKEN_TTL_SECONDS",
            "PASSWORD_MIN_LENGTH",
            "VAULT_TOKEN_VERSION",
            "PASS_MAX_DAYS",
            "MYSQL_PASSWORD_FILE",
            "PATH",
            "KEY",
            "SECRET_KEY_FILE",
            "HOSTNAME",
        ] {
            assert!(!is_secret_name(name), "{name} should not look secret");
        }
    }

    #[test]
    fn value_formats() {
        assert_eq!(
            secret_value_format("AKIAIOSFODNN7EXAMPLE"),
            Some("AWS access key id")
        );
        assert_eq!(
            secret_value_format("-----BEGIN RSA PRIVATE KEY-----\nMIIE"),
            Some("private key")
        );
        assert_eq!(
            secret_value_format("postgres://app:hunter2@db:5432/app"),
            Some("URL with embedded password")
        );
        assert_eq!(secret_value_format("postgres://db:5432/app"), None);
        assert_eq!(secret_value_format("https://example.com"), None);
        assert_eq!(secret_value_format("hello"), None);
    }

    #[test]
    fn placeholders() {
        assert!(is_placeholder(""));
        assert!(is_placeholder("${DB_PASSWORD}"));
        assert!(is_placeholder("/run/secrets/db"));
        assert!(!is_placeholder("hunter2"));
    }
}
