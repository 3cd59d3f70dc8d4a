//! What every example shares: choosing the simulator or real AWS from the command line.
//!
//! By default an example runs on `SimulatedOrg::example()` (a dozen accounts, nothing
//! enabled), enabling centralized root access first when it needs it. With
//! `--aws --region R [--profile P] [--endpoint-url URL]` it runs against the
//! organization your AWS credentials belong to, or against an emulator listening at URL
//! (`--endpoint-url` alone implies `--aws`).

// Each example uses the part it needs; the rest is unused in that binary.
#![allow(dead_code)]

use std::fmt;
use std::io::{BufRead, IsTerminal, Write};

use rootctl::sim::SimulatedOrg;
use rootctl::{EnableOptions, Rootctl};

/// Where an example runs.
pub struct Target {
    /// The client.
    pub rootctl: Rootctl,
    /// The simulated organization, when not on AWS: its ground truth is printed too.
    pub simulated: Option<SimulatedOrg>,
    /// Arguments that are not `--aws/--region/--profile/--endpoint-url`, for the example.
    pub rest: Vec<String>,
}

/// Parses `--aws --region R [--profile P] [--endpoint-url URL]`; anything else is left
/// in `rest`.
pub async fn target() -> Result<Target> {
    let mut args = std::env::args().skip(1);
    let (mut aws, mut region, mut profile, mut endpoint, mut rest) =
        (false, None, None, None, Vec::new());
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--aws" => aws = true,
            "--region" => region = Some(args.next().ok_or("--region needs a value")?),
            "--profile" => profile = Some(args.next().ok_or("--profile needs a value")?),
            "--endpoint-url" => {
                endpoint = Some(args.next().ok_or("--endpoint-url needs a value")?);
                aws = true;
            }
            _ => rest.push(arg),
        }
    }
    if aws {
        let region = region.ok_or("--aws needs --region (AssumeRoot is regional)")?;
        let mut options = rootctl::aws::AwsOptions::new(region);
        if let Some(profile) = profile {
            options = options.profile(profile);
        }
        if let Some(endpoint) = endpoint {
            options = options.endpoint_url(endpoint);
        }
        return Ok(Target {
            rootctl: Rootctl::from_aws(options).await?,
            simulated: None,
            rest,
        });
    }
    let org = SimulatedOrg::example();
    Ok(Target {
        rootctl: Rootctl::simulated(org.clone()),
        simulated: Some(org),
        rest,
    })
}

/// On the simulator, turns centralized root access on (a real organization is expected
/// to have it on already; see the `check_and_enable` example).
pub async fn ready(target: &Target) -> Result {
    if target.simulated.is_some() {
        let report = target.rootctl.enable(&EnableOptions::default()).await?;
        if !report.ok() {
            return Err(format!("could not enable the simulated organization:\n{report}").into());
        }
    }
    Ok(())
}

/// What an example's `main` returns: its error, if any, is printed the way a person
/// reads it (`Error: ` and the message, not a debug dump) and the exit status is 1.
pub type Result<T = ()> = std::result::Result<T, Error>;

/// Any error, shown by its message. Rust prints the error `main` returns with `Debug`,
/// so this type's `Debug` is the message.
pub struct Error(Box<dyn std::error::Error>);

impl<E: Into<Box<dyn std::error::Error>>> From<E> for Error {
    fn from(err: E) -> Self {
        Self(err.into())
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

/// Asks on the terminal; refuses when stdin is not one.
pub fn confirm(question: &str) -> Result<bool> {
    if !std::io::stdin().is_terminal() {
        return Err("stdin is not a terminal: pass --yes to apply without asking".into());
    }
    print!("{question} [y/N] ");
    std::io::stdout().flush()?;
    let mut answer = String::new();
    std::io::stdin().lock().read_line(&mut answer)?;
    Ok(matches!(answer.trim(), "y" | "Y" | "yes"))
}
