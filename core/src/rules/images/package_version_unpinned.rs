use crate::analysis::shell::package_request;
use crate::analysis::steps::{Step, all_steps, history_steps};
use crate::rules::prelude::*;

const MANAGERS: Parameter = Parameter {
    name: "managers",
    description: "Package managers whose installs are checked: `apt` (`apt-get`, `apt`, `aptitude`), `apk`, `pip` (`pip`, `pip3`, `python -m pip`), `npm` and `gem`. Leave one out to accept unpinned installs by it.",
    default: ParameterDefault::List(&["apt", "apk", "pip", "npm", "gem"]),
};

pub(crate) static RULE: Rule = Rule {
    code: "IMG019",
    name: "package-version-unpinned",
    summary: "Build installs packages without pinning their versions",
    severity: Severity::Low,
    parameters: &[MANAGERS],
    references: References {
        cis: &[],
        nist: &["4.1.2"],
    },
    docs: Docs {
        what: "Fails once for each build command (any Dockerfile stage's `RUN`, or the image's own history) that installs packages by name without a version: `apt-get`/`apt`/`aptitude install` without `name=version`; `apk add` without `name=version`, `name~version` or a `<`/`>` constraint; `pip install` (also `pip3`, `python3 -m pip`) without a specifier (`==`, `~=`, `>=`, ...); `npm install`/`i`/`add` of a package without `@version` (a dist-tag such as `@latest` is not a version); `gem install` without `-v`/`--version` or `name:version`. The evidence names the unpinned packages. Options and their values (`-y`, `--no-install-recommends`, `-t bookworm-backports`, `apk add --virtual .build-deps`) are not packages. Installs that read a lock or requirements file (`npm ci`, bare `npm install`, `pip install -r requirements.txt`, `gem install -g Gemfile`), local paths, archives, URLs, VCS references and arguments held in variables (`$PACKAGES`) are not judged. `pip install --upgrade pip` counts: it installs whatever pip release is current on the build day. The `managers` parameter limits the check to some package managers. Other linters check the same (hadolint DL3008, DL3013, DL3016, DL3018, DL3028).",
        why: "An unpinned install takes whatever version the repository serves on the day of the build: two builds of the same Dockerfile differ, a rebuild can pull in a broken or compromised release without any change to the source, and a scan of one image says little about the next (NIST SP 800-190 4.1.2).",
        remediation: Remediation {
            docker_run: "Not a run-time setting: rebuild the image with pinned package versions.",
            compose: "Not a compose setting: fix the Dockerfile the service's image is built from.",
            dockerfile: Some(
                "Name a version for each package (and bump it on purpose, for example with a dependency bot):\n\n```dockerfile\nRUN apt-get update \\\n && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u8 \\\n && rm -rf /var/lib/apt/lists/*\nRUN pip install --no-cache-dir flask==3.0.3\nRUN npm install -g pnpm@9.12.1\n```\n\nOr install from a lock file (`npm ci`, `pip install -r requirements.txt` with pinned requirements).",
            ),
            daemon: None,
        },
    },
    checks: Checks {
        image: Some(check_image),
        dockerfile: Some(check_dockerfile),
        ..Checks::NONE
    },
};

fn check_steps(steps: &[Step], ctx: &mut CheckContext<'_>) {
    let managers: Vec<String> = ctx
        .list(&MANAGERS)
        .iter()
        .map(|m| m.to_ascii_lowercase())
        .collect();
    for step in steps.iter().filter(|s| s.is("RUN")) {
        let mut evidence = Vec::new();
        let mut names = Vec::new();
        for request in step.commands().filter_map(|c| package_request(c)) {
            if !managers.iter().any(|m| m == request.manager.name()) {
                continue;
            }
            let unpinned: Vec<&str> = request
                .packages
                .iter()
                .filter(|(_, pinned)| !pinned)
                .map(|(name, _)| name.as_str())
                .collect();
            if unpinned.is_empty() {
                continue;
            }
            evidence.push(format!("{} {}", request.invocation, unpinned.join(" ")));
            for name in unpinned {
                if !names.iter().any(|n| n == name) {
                    names.push(name.to_owned());
                }
            }
        }
        if evidence.is_empty() {
            continue;
        }
        ctx.fail(
            step.field.clone(),
            format!(
                "packages installed without a pinned version: {}",
                names.join(", ")
            ),
        )
        .evidence(evidence.join("; "));
    }
}

fn check_image(image: &Image, ctx: &mut CheckContext<'_>) {
    check_steps(&history_steps(image), ctx);
}

fn check_dockerfile(file: &Dockerfile, ctx: &mut CheckContext<'_>) {
    check_steps(&all_steps(file), ctx);
}
