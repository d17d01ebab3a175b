//! The `coexist` command line: parses arguments, dispatches one function per command,
//! maps errors to exit codes (0 done, 1 run failed, 2 bad input).

use std::process::ExitCode;

use clap::{Parser, Subcommand};
use coexist::commands;

#[derive(Parser)]
#[command(
    name = "coexist",
    version,
    about = "Agent-based simulator of competitive/cooperative coexistence between two states"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run scenarios: trajectories, summaries, ensembles and charts.
    Run(commands::run::RunArgs),
    /// Check scenario files without running them.
    Validate(commands::validate::ValidateArgs),
    /// Compare result folders or scenario files side by side.
    Compare(commands::compare::CompareArgs),
    /// Sweep parameters: a grid or a Latin hypercube of points, one row of metrics each.
    Sweep(commands::sweep::SweepArgs),
    /// Join the shard folders of a sweep into the file the whole sweep writes.
    Merge(commands::sweep::MergeArgs),
    /// Play every ordered pair of strategies in a scenario's world.
    Tournament(commands::tournament::TournamentArgs),
    /// List every strategy with its rule, traits and parameters.
    Strategies,
    /// Print the scenario format: a JSON Schema for TOML editors, or its Markdown reference.
    Schema(commands::schema::SchemaArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    // The first Ctrl-C asks loops to stop at their next check (no cut-off file); a second one
    // stops at once.
    let _ = ctrlc::set_handler(|| {
        if coexist::interrupt::request() {
            std::process::exit(130);
        }
    });
    let result = match cli.command {
        Command::Run(args) => commands::run::run(args),
        Command::Validate(args) => commands::validate::run(args),
        Command::Tournament(args) => commands::tournament::run(args),
        Command::Compare(args) => commands::compare::run(args),
        Command::Sweep(args) => commands::sweep::run(args),
        Command::Merge(args) => commands::sweep::merge(args),
        Command::Strategies => {
            commands::strategies::run();
            Ok(())
        }
        Command::Schema(args) => {
            commands::schema::run(args);
            Ok(())
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprint!("{e}");
            if !e.to_string().ends_with('\n') {
                eprintln!();
            }
            ExitCode::from(e.exit_code() as u8)
        }
    }
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    #[test]
    fn the_command_line_definition_is_consistent() {
        super::Cli::command().debug_assert();
    }

    #[test]
    fn every_command_and_flag_has_help_text() {
        let mut cli = super::Cli::command();
        cli.build();
        for command in cli.get_subcommands().filter(|c| c.get_name() != "help") {
            assert!(
                command.get_about().is_some(),
                "`coexist {}` has no help",
                command.get_name()
            );
            for arg in command
                .get_arguments()
                .filter(|a| !["help", "version"].contains(&a.get_id().as_str()))
            {
                assert!(
                    arg.get_help().is_some(),
                    "`coexist {}` has no help for {}",
                    command.get_name(),
                    arg.get_id()
                );
            }
        }
    }
}
