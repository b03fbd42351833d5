use crate::analysis::shell::{
    Command, PackageVerb, basename, package_action, package_name, program, program_words,
};
use crate::analysis::steps::{Step, final_steps, history_steps};
use crate::rules::prelude::*;

pub(crate) static RULE: Rule = Rule {
    code: "IMG015",
    name: "toolchain-in-final-image",
    summary: "Compilers or build tools ship in the final image",
    severity: Severity::Low,
    parameters: &[],
    references: References {
        cis: &[CisRef::new(
            "4.3",
            "Ensure that unnecessary packages are not installed in the container",
        )],
        nist: &["4.1.2"],
    },
    docs: Docs {
        what: "Fails when the final image gets a toolchain: a `RUN` of the final stage (or of the stages it builds on, or of the image's own history) installs a compiler or build tool (`gcc`, `g++`, `clang`, `make`, `cmake`, `build-essential`, `build-base`, `autoconf`, `golang`, `rustc`, `cargo`, `maven`, `gradle`, a JDK, ...) that no later command removes (`apk del` of the package or of its `--virtual` group, `apt-get purge`/`remove`, `apt-get purge --auto-remove` after `apt-mark auto`, `yum`/`dnf remove`); or a single-stage Dockerfile (or the image's own history) compiles (`go build`, `cargo build`, `mvn package`, `gradle build`, `make`, `gcc`, `javac`, `dotnet publish`). Toolchains in intermediate stages are what multi-stage builds are for and pass.",
        why: "Compilers and build tools let an intruder build exploits and tooling inside the container, enlarge the image and its vulnerability count, and are never needed to run the result.",
        remediation: Remediation {
            docker_run: "Not a run-time setting: rebuild the image with a multi-stage Dockerfile.",
            compose: "Not a compose setting: fix the Dockerfile the service's image is built from.",
            dockerfile: Some(
                "Build in one stage, ship only the result:\n\n```dockerfile\nFROM golang:1.23 AS build\nRUN go build -o /out/app ./cmd/app\nFROM gcr.io/distroless/static:nonroot\nCOPY --from=build /out/app /app\n```",
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

fn is_toolchain(name: &str) -> bool {
    matches!(
        name,
        "gcc"
            | "g++"
            | "gcc-c++"
            | "clang"
            | "llvm"
            | "make"
            | "cmake"
            | "ninja-build"
            | "ninja"
            | "meson"
            | "build-essential"
            | "build-base"
            | "autoconf"
            | "automake"
            | "libtool"
            | "golang"
            | "golang-go"
            | "go"
            | "rustc"
            | "cargo"
            | "rust"
            | "maven"
            | "gradle"
            | "ant"
            | "default-jdk"
            | "gfortran"
            | "nasm"
            | "yasm"
            | "dotnet-sdk"
    ) || name.ends_with("-jdk")
        || name.ends_with("-jdk-headless")
        || (name.contains("openjdk") && name.ends_with("-devel"))
        || name.starts_with("dotnet-sdk-")
        || (name.starts_with("gcc-") && name[4..].bytes().all(|b| b.is_ascii_digit()))
}

fn compiles(command: &[String]) -> Option<String> {
    let words = program_words(command);
    let prog = program(command)?;
    let sub = words.get(1).map_or("", String::as_str);
    let found = match prog {
        "go" if matches!(sub, "build" | "install") => true,
        "cargo" if matches!(sub, "build" | "install") => true,
        "mvn" | "mvnw" => words
            .iter()
            .any(|w| matches!(w.as_str(), "package" | "install" | "compile" | "verify")),
        "gradle" | "gradlew" => words.iter().any(|w| {
            matches!(
                w.as_str(),
                "build" | "assemble" | "installDist" | "shadowJar" | "bootJar"
            )
        }),
        "dotnet" if matches!(sub, "build" | "publish") => true,
        "make" | "gcc" | "g++" | "cc" | "c++" | "clang" | "javac" | "rustc" | "cmake" => true,
        _ => false,
    };
    found.then(|| format!("{prog} {sub}").trim().to_owned())
}

/// Toolchain packages installed and not removed later in `steps`, with the step index.
/// `parsed` holds each step's commands (empty for steps that are not `RUN`).
fn installed_toolchains(steps: &[Step], parsed: &[Vec<&Command>]) -> Vec<(usize, Vec<String>)> {
    let mut out = Vec::new();
    for (index, _) in steps.iter().enumerate().filter(|(_, s)| s.is("RUN")) {
        let mut found = Vec::new();
        for command in parsed.get(index).into_iter().flatten() {
            let Some(action) = package_action(command) else {
                continue;
            };
            if action.action != PackageVerb::Install {
                continue;
            }
            let words = program_words(command);
            let virtual_name = words
                .iter()
                .position(|w| w == "--virtual" || w == "-t")
                .and_then(|i| words.get(i + 1))
                .cloned();
            for pkg in &action.packages {
                let name = package_name(pkg);
                if Some(pkg) == virtual_name.as_ref() || !is_toolchain(name) {
                    continue;
                }
                if !removed_later(parsed, index, name, virtual_name.as_deref()) {
                    found.push(name.to_owned());
                }
            }
        }
        found.sort();
        found.dedup();
        if !found.is_empty() {
            out.push((index, found));
        }
    }
    out
}

fn removed_later(
    parsed: &[Vec<&Command>],
    from: usize,
    name: &str,
    virtual_name: Option<&str>,
) -> bool {
    parsed.iter().skip(from).any(|cmds| {
        let marked_auto = cmds.iter().any(|c| {
            program(c) == Some("apt-mark") && program_words(c).get(1).is_some_and(|w| w == "auto")
        });
        cmds.iter().any(|c| {
            let words = program_words(c);
            let prog = program(c).unwrap_or("");
            let sub = words.get(1).map_or("", String::as_str);
            let removes = match prog {
                "apk" => sub == "del",
                "apt-get" | "apt" => matches!(sub, "purge" | "remove" | "autoremove"),
                "yum" | "dnf" | "microdnf" | "tdnf" => {
                    matches!(sub, "remove" | "erase" | "autoremove")
                }
                "zypper" => matches!(sub, "remove" | "rm"),
                _ => false,
            };
            if !removes {
                return false;
            }
            let names_it = words
                .iter()
                .skip(2)
                .any(|w| basename(w) == name || virtual_name.is_some_and(|v| w == v));
            let auto = matches!(prog, "apt-get" | "apt")
                && marked_auto
                && words
                    .iter()
                    .any(|w| w == "--auto-remove" || w == "autoremove");
            names_it || auto
        })
    })
}

fn check_steps(steps: &[Step], single_stage: bool, ctx: &mut CheckContext<'_>) {
    let parsed: Vec<Vec<&Command>> = steps.iter().map(|s| s.commands().collect()).collect();
    for (index, packages) in installed_toolchains(steps, &parsed) {
        if let Some(step) = steps.get(index) {
            ctx.fail(
                step.field.clone(),
                format!(
                    "the final image keeps the build tools {}",
                    packages.join(", ")
                ),
            )
            .evidence(format!("installs {}", packages.join(" ")));
        }
    }
    if !single_stage {
        return;
    }
    for (step, cmds) in steps.iter().zip(&parsed) {
        if let Some(what) = cmds.iter().find_map(|c| compiles(c)) {
            ctx.fail(
                step.field.clone(),
                "the image is compiled in the stage that ships: its toolchain and sources stay in the final image",
            )
            .evidence(what);
            break;
        }
    }
}

fn check_image(image: &Image, ctx: &mut CheckContext<'_>) {
    check_steps(&history_steps(image), true, ctx);
}

fn check_dockerfile(file: &Dockerfile, ctx: &mut CheckContext<'_>) {
    check_steps(&final_steps(file), file.stages.len() == 1, ctx);
}
