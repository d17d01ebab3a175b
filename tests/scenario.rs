//! Loading scenarios: defaults, `extends`, `--set` overrides and where errors point.

use std::path::{Path, PathBuf};

use coexist::model::Action;
use coexist::model::params::ErrorMode;
use coexist::scenario;

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

const MINIMAL: &str =
    "name = \"pd\"\nrounds = 10\n[agents.a]\nstrategy = \"tit_for_tat\"\n[agents.b]\nstrategy = \"grim\"\n";

#[test]
fn a_minimal_file_is_a_classic_prisoners_dilemma_with_every_mechanism_off() {
    let dir = tempfile::tempdir().unwrap();
    let sc = scenario::load(&write(dir.path(), "pd.toml", MINIMAL)).unwrap();
    assert_eq!((sc.rounds, sc.replicates, sc.seed), (10, 1, 0));
    assert_eq!(sc.game.payoff(Action::Retaliate, Action::Engage), 5.0);
    let a = &sc.agents[0];
    assert_eq!(
        (a.stakes.audience, a.stakes.face_cost, a.stakes.retaliation_cost),
        (0.0, 0.0, 0.0)
    );
    assert_eq!(
        (a.perception.noise, a.errors.rate, a.securitization.drift),
        (0.0, 0.0, 0.0)
    );
    assert_eq!(sc.relationship.tension_cost, 0.0);
    assert!(sc.events.is_empty() && sc.channels.is_empty() && sc.random_events.rate == 0.0);
}

#[test]
fn extends_merges_tables_key_by_key_and_named_arrays_element_by_element() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "base.toml",
        "name = \"base\"\nrounds = 10\n[agents.a]\nstrategy = \"tit_for_tat\"\nperception = { noise = 0.1, hostile_bias = 0.9 }\n[agents.b]\nstrategy = \"grim\"\n[[issues]]\nname = \"taiwan\"\n[[issues]]\nname = \"trade\"\n",
    );
    std::fs::create_dir(dir.path().join("variants")).unwrap();
    let child = write(
        &dir.path().join("variants"),
        "child.toml",
        "extends = \"../base.toml\"\nname = \"child\"\n[agents.a.perception]\nnoise = 0.3\n[[issues]]\nname = \"scs\"\n",
    );
    let sc = scenario::load(&child).unwrap();
    assert_eq!(sc.name, "child");
    assert_eq!(sc.rounds, 10);
    assert_eq!(sc.agents[0].perception.noise, 0.3);
    assert_eq!(
        sc.agents[0].perception.hostile_bias, 0.9,
        "a sibling key survives the merge"
    );
    let names: Vec<&str> = sc.issues.iter().map(|i| i.name.as_str()).collect();
    assert_eq!(
        names,
        ["taiwan", "trade", "scs"],
        "a child's issue adds to the parent's"
    );
}

/// A parent with two events and a child written by `child`, loaded.
fn with_events(child: &str) -> Result<scenario::Scenario, String> {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "base.toml",
        "name = \"base\"\nrounds = 10\n[agents.a]\nstrategy = \"tit_for_tat\"\n[agents.b]\nstrategy = \"grim\"\n\
         [[events]]\nat = 2\nname = \"summit\"\ntension = -0.1\n[[events]]\nat = 4\nname = \"balloon\"\ntension = 0.2\n",
    );
    let child = write(
        dir.path(),
        "child.toml",
        &format!("extends = \"base.toml\"\nname = \"child\"\n{child}"),
    );
    scenario::load(&child).map_err(|e| e.to_string())
}

fn event_names(sc: &scenario::Scenario) -> Vec<(&str, usize)> {
    sc.events.iter().map(|e| (e.name.as_str(), e.round)).collect()
}

#[test]
fn a_childs_event_adds_to_the_parents_timeline() {
    let sc = with_events("[[events]]\nat = 6\nname = \"sanctions lifted\"\ntension = -0.05\n").unwrap();
    assert_eq!(
        event_names(&sc),
        [("summit", 2), ("balloon", 4), ("sanctions lifted", 6)]
    );
}

#[test]
fn a_childs_event_with_a_parents_name_replaces_it() {
    let sc = with_events("[[events]]\nat = 5\nname = \"balloon\"\ntension = 0.4\n").unwrap();
    assert_eq!(event_names(&sc), [("summit", 2), ("balloon", 5)]);
    assert_eq!(sc.events[1].tension, 0.4);
}

#[test]
fn remove_takes_a_parents_event_out() {
    let sc = with_events("[[events]]\nname = \"balloon\"\nremove = true\n").unwrap();
    assert_eq!(event_names(&sc), [("summit", 2)]);
}

#[test]
fn removing_an_event_the_parent_does_not_have_is_an_error_suggesting_the_closest_name() {
    let err = with_events("[[events]]\nname = \"baloon\"\nremove = true\n").unwrap_err();
    assert!(err.contains("no `events` element named `baloon` to remove"), "{err}");
    assert!(err.contains("did you mean `balloon`?"), "{err}");
    assert!(err.contains("child.toml:3:1"), "{err}");
}

#[test]
fn an_override_addresses_a_named_array_element_by_its_name() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        dir.path(),
        "pd.toml",
        &format!(
            "{MINIMAL}[[channels]]\nname = \"diplomatic\"\nopen = true\n[[channels]]\nname = \"military\"\nopen = false\n"
        ),
    );
    let sc = scenario::load_with(&p, &["channels.military.open=true".into()]).unwrap();
    assert!(sc.channels.iter().all(|c| c.open));
    let err = scenario::load_with(&p, &["channels.militray.open=true".into()])
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("no element named `militray`") && err.contains("did you mean `military`?"),
        "{err}"
    );
}

#[test]
fn an_extends_cycle_is_an_error_naming_the_cycle() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.toml", "extends = \"b.toml\"\nname = \"a\"\n");
    let b = write(dir.path(), "b.toml", "extends = \"a.toml\"\nname = \"b\"\n");
    let err = scenario::load(&b).unwrap_err().to_string();
    assert!(err.contains("cycle"), "{err}");
    assert!(err.contains("b.toml -> a.toml -> b.toml"), "{err}");
}

#[test]
fn extends_to_a_missing_file_points_at_the_extends_line() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "a.toml", "name = \"a\"\nextends = \"nope.toml\"\n");
    let err = scenario::load(&p).unwrap_err().to_string();
    assert!(err.contains("a.toml:2:11"), "{err}");
}

#[test]
fn overrides_are_validated_like_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "pd.toml", MINIMAL);
    let ok = scenario::load_with(
        &p,
        &["agents.a.errors.towards=flip".into(), "agents.b.strategy=pavlov".into()],
    )
    .unwrap();
    assert_eq!(ok.agents[0].errors.towards, ErrorMode::Flip);
    assert_eq!(ok.agents[1].strategy.info.name, "pavlov");
    let err = scenario::load_with(&p, &["agents.a.errors.rat=0.1".into()])
        .unwrap_err()
        .to_string();
    assert!(err.contains("unknown key `rat`"), "{err}");
    assert!(err.contains("did you mean `rate`?"), "{err}");
    assert!(err.contains("--set agents.a.errors.rat=0.1"), "{err}");
}

#[test]
fn an_override_can_set_an_inline_table_and_index_an_array() {
    let dir = tempfile::tempdir().unwrap();
    let text = format!("{MINIMAL}[[issues]]\nname = \"taiwan\"\nsalience = 2.0\n");
    let p = write(dir.path(), "pd.toml", &text);
    let sc = scenario::load_with(
        &p,
        &[
            "agents.a.strategy={ kind = \"generous_tit_for_tat\", generosity = 0.25 }".into(),
            "issues.0.salience=3".into(),
        ],
    )
    .unwrap();
    assert_eq!(sc.agents[0].strategy.params.optional_number("generosity"), Some(0.25));
    assert_eq!(sc.issues[0].salience, 3.0);
}

#[test]
fn an_unknown_key_names_file_line_column_and_the_closest_key() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        dir.path(),
        "pd.toml",
        &MINIMAL.replace("[agents.b]\n", "[agents.b]\nface_cots = 1\n"),
    );
    let err = scenario::load(&p).unwrap_err().to_string();
    assert!(err.contains("pd.toml:6:1"), "{err}");
    assert!(err.contains("agents.b.face_cots"), "{err}");
    assert!(err.contains("did you mean `face_cost`?"), "{err}");
}

#[test]
fn events_placed_by_date_land_in_the_calendar_round() {
    let dir = tempfile::tempdir().unwrap();
    let text = format!(
        "{MINIMAL}[calendar]\nstart = \"2022-11\"\nstep = \"month\"\n[[events]]\nat = \"2023-08\"\nname = \"Lai transit\"\n"
    );
    let sc = scenario::load(&write(dir.path(), "pd.toml", &text)).unwrap();
    assert_eq!(sc.events[0].round, 10);
}

#[test]
fn a_date_without_a_calendar_is_an_error_with_a_hint() {
    let dir = tempfile::tempdir().unwrap();
    let text = format!("{MINIMAL}[[events]]\nat = \"2023-08\"\nname = \"x\"\n");
    let err = scenario::load(&write(dir.path(), "pd.toml", &text))
        .unwrap_err()
        .to_string();
    assert!(err.contains("dates need a [calendar]"), "{err}");
}

/// `base.toml` with a deliberate agent `a`, and a child of it whose `a` plays `strategy`.
fn child_strategy(strategy: &str) -> coexist::scenario::Scenario {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "base.toml",
        "name = \"base\"\nrounds = 10\n[agents.a]\nstrategy = { kind = \"deliberate\", lambda = 9.0, horizon = 0.5 }\n[agents.b]\nstrategy = \"grim\"\n",
    );
    let child = write(
        dir.path(),
        "child.toml",
        &format!("extends = \"base.toml\"\nname = \"child\"\n[agents.a]\nstrategy = {strategy}\n"),
    );
    scenario::load(&child).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn a_childs_strategy_of_another_kind_replaces_the_parents_whole() {
    let sc = child_strategy("{ kind = \"grit\", steps = 4 }");
    let s = &sc.agents[0].strategy;
    assert_eq!(s.info.name, "grit");
    assert_eq!(s.params.number("steps"), 4.0);
    assert_eq!(s.params.optional_number("lambda"), None);
}

#[test]
fn a_childs_strategy_of_the_same_kind_changes_only_the_parameters_it_names() {
    let sc = child_strategy("{ kind = \"deliberate\", horizon = 0.9 }");
    let p = &sc.agents[0].strategy.params;
    assert_eq!((p.number("lambda"), p.number("horizon")), (9.0, 0.9));
}

#[test]
fn an_override_of_an_unknown_agent_names_the_agent_and_suggests_the_closest_id() {
    let dir = tempfile::tempdir().unwrap();
    let text = MINIMAL
        .replace("agents.a]", "agents.usa]")
        .replace("agents.b]", "agents.china]");
    let p = write(dir.path(), "pd.toml", &text);
    let err = scenario::load_with(&p, &["agents.us.perception.noise=0.2".into()])
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("no agent `us`") && err.contains("did you mean `usa`?"),
        "{err}"
    );
    assert!(
        err.contains("--set agents.us.perception.noise=0.2"),
        "it points at the flag: {err}"
    );
}
