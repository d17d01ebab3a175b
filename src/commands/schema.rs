//! `coexist schema`: the scenario format's reference, as a JSON Schema for editors or as
//! the Markdown of `docs/SCENARIO.md`.

use clap::Args;

use crate::scenario::reference;

#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// Print the Markdown reference (docs/SCENARIO.md) instead of the JSON Schema.
    #[arg(long)]
    pub markdown: bool,
}

/// What the command prints.
pub fn text(args: &SchemaArgs) -> String {
    if args.markdown {
        reference::markdown()
    } else {
        let mut json = serde_json::to_string_pretty(&reference::json_schema()).expect("JSON values serialize");
        json.push('\n');
        json
    }
}

pub fn run(args: SchemaArgs) {
    print!("{}", text(&args));
}
