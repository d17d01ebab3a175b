//! `coexist._coexist`: the engine seen from Python. Each function plays on coexist's own
//! code (the loader, the runner, the output layer's tables) with the GIL released, and
//! hands back the bytes of the tables `coexist` writes, which the `coexist` package reads
//! into pandas DataFrames; errors become Python exceptions with the CLI's messages.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use coexist::Error;
use coexist::commands::Workers;
use coexist::output::Trajectories;
use pyo3::create_exception;
use pyo3::exceptions::{PyException, PyKeyboardInterrupt, PyOSError, PyRuntimeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyList};

create_exception!(
    _coexist,
    CoexistError,
    PyException,
    "An error of coexist, with the message the command line prints."
);
create_exception!(
    _coexist,
    ScenarioError,
    CoexistError,
    "A scenario file or a `set` override is wrong: `file`, `line`, `column` and `key` say where (of the first problem; `errors` lists all)."
);
create_exception!(
    _coexist,
    UsageError,
    CoexistError,
    "An argument is wrong in a way that is not about a scenario file (a strategy name, a sweep design, a folder)."
);

/// Python's exception for a coexist error.
fn to_py(py: Python<'_>, e: Error) -> PyErr {
    let message = e.to_string();
    let message = message
        .strip_prefix("error: ")
        .unwrap_or(&message)
        .trim_end()
        .to_string();
    match e {
        Error::Scenario(diagnostics) => {
            let err = ScenarioError::new_err(message);
            let errors = PyList::empty(py);
            for d in diagnostics.iter() {
                let where_ = PyDict::new(py);
                let (file, line, column) = match &d.origin {
                    Some(o) => {
                        let (line, column) = o.source.line_col(o.span.start);
                        (Some(o.source.name.clone()), Some(line), Some(column))
                    }
                    None => (d.file.clone(), None, None),
                };
                let set = || -> PyResult<()> {
                    where_.set_item("file", file)?;
                    where_.set_item("line", line)?;
                    where_.set_item("column", column)?;
                    where_.set_item("key", (!d.key.is_empty()).then(|| d.key.clone()))?;
                    where_.set_item("message", d.message.clone())?;
                    errors.append(&where_)
                };
                if let Err(e) = set() {
                    return e;
                }
            }
            let value = err.value(py);
            let first = errors.get_item(0).ok();
            for field in ["file", "line", "column", "key"] {
                let item = first
                    .as_ref()
                    .and_then(|f| f.get_item(field).ok())
                    .unwrap_or_else(|| py.None().into_bound(py));
                if let Err(e) = value.setattr(field, item) {
                    return e;
                }
            }
            if let Err(e) = value.setattr("errors", errors) {
                return e;
            }
            err
        }
        Error::Interrupted => PyKeyboardInterrupt::new_err(message),
        Error::Write { .. } | Error::Read { .. } => PyOSError::new_err(message),
        Error::NotFinite { .. } | Error::Plot { .. } => CoexistError::new_err(message),
        _ => UsageError::new_err(message),
    }
}

/// Runs `work` on `jobs` threads with the GIL released, while this thread reports progress
/// to `progress` (a callable taking the count newly done) and watches for Ctrl-C, which
/// stops the work at its next check and raises `KeyboardInterrupt`.
fn compute<T: Send>(
    py: Python<'_>,
    jobs: Option<u16>,
    progress: Option<&Bound<'_, PyAny>>,
    work: impl FnOnce(&(dyn Fn(usize) + Sync)) -> Result<T, Error> + Send,
) -> PyResult<T> {
    let workers = Workers { jobs, quiet: true };
    let done = AtomicUsize::new(0);
    let outcome = std::thread::scope(|s| {
        let worker = s.spawn(|| {
            workers.install(|| {
                work(&|n| {
                    done.fetch_add(n, Ordering::Relaxed);
                })
            })
        });
        let mut reported = 0;
        let mut stopped = None;
        loop {
            py.detach(|| {
                for _ in 0..10 {
                    if worker.is_finished() {
                        break;
                    }
                    std::thread::sleep(Duration::from_millis(10));
                }
            });
            let now = done.load(Ordering::Relaxed);
            if let Some(report) = progress.filter(|_| now > reported && stopped.is_none()) {
                if let Err(e) = report.call1((now - reported,)) {
                    coexist::interrupt::request();
                    stopped = Some(e);
                }
                reported = now;
            }
            if stopped.is_none()
                && let Err(e) = py.check_signals()
            {
                coexist::interrupt::request();
                stopped = Some(e);
            }
            if worker.is_finished() {
                break;
            }
        }
        let joined = worker.join();
        coexist::interrupt::clear();
        (joined, stopped)
    });
    match outcome {
        (_, Some(e)) => Err(e),
        (Err(_), None) => Err(PyRuntimeError::new_err("coexist's engine panicked; please report it")),
        (Ok(result), None) => result.and_then(|r| r).map_err(|e| to_py(py, e)),
    }
}

fn jobs(n: Option<usize>) -> PyResult<Option<u16>> {
    match n {
        None => Ok(None),
        Some(n @ 1..=256) => Ok(Some(n as u16)),
        Some(n) => Err(PyValueError::new_err(format!(
            "jobs: {n} is not a number of threads from 1 to 256"
        ))),
    }
}

fn trajectories(n: Option<usize>) -> Trajectories {
    n.map_or(Trajectories::All, Trajectories::First)
}

/// A scenario file, validated, with the `set` overrides it was loaded with.
#[pyclass(frozen, module = "coexist._coexist")]
struct Scenario {
    path: PathBuf,
    set: Vec<String>,
    inner: coexist::scenario::Scenario,
}

#[pymethods]
impl Scenario {
    #[getter]
    fn path(&self) -> PathBuf {
        self.path.clone()
    }

    #[getter]
    fn set(&self) -> Vec<String> {
        self.set.clone()
    }

    #[getter]
    fn name(&self) -> String {
        self.inner.name.clone()
    }

    #[getter]
    fn rounds(&self) -> usize {
        self.inner.rounds
    }

    #[getter]
    fn replicates(&self) -> usize {
        self.inner.replicates
    }

    #[getter]
    fn seed(&self) -> u64 {
        self.inner.seed
    }

    #[getter]
    fn agents(&self) -> Vec<String> {
        self.inner.ids().map(String::from).to_vec()
    }

    /// The resolved scenario (after `extends` and `set`) as JSON, as `manifest.json` records it.
    fn to_json(&self) -> String {
        serde_json::to_string(&self.inner).expect("a scenario always serializes")
    }

    /// The same file loaded again with more overrides after these.
    fn with_set(&self, py: Python<'_>, more: Vec<String>) -> PyResult<Scenario> {
        let set: Vec<String> = self.set.iter().cloned().chain(more).collect();
        load(py, self.path.clone(), set)
    }

    fn __repr__(&self) -> String {
        format!(
            "<coexist scenario {:?}: {} rounds x {} replicates, seed {}>",
            self.inner.name, self.inner.rounds, self.inner.replicates, self.inner.seed
        )
    }
}

/// Loads and validates a scenario file with `KEY=VALUE` overrides (TOML values).
#[pyfunction]
fn load(py: Python<'_>, path: PathBuf, set: Vec<String>) -> PyResult<Scenario> {
    let inner = coexist::scenario::load_with(&path, &set).map_err(|d| to_py(py, d.into()))?;
    Ok(Scenario { path, set, inner })
}

/// Plays every replicate; returns each table's bytes, as `coexist run` writes them.
#[pyfunction]
#[pyo3(signature = (scenario, trajectories=None, jobs=None, progress=None))]
fn run<'py>(
    py: Python<'py>,
    scenario: &Scenario,
    trajectories: Option<usize>,
    jobs: Option<usize>,
    progress: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyDict>> {
    let jobs = self::jobs(jobs)?;
    let kept = self::trajectories(trajectories);
    let t = compute(py, jobs, progress, |report| {
        coexist::output::run::tables(&scenario.inner, kept, report)
    })?;
    let out = PyDict::new(py);
    for (name, bytes) in [
        ("summary", t.summary),
        ("trajectories", t.trajectories),
        ("events", t.events),
        ("ensemble", t.ensemble),
        ("manifest", t.manifest),
    ] {
        out.set_item(name, PyBytes::new(py, &bytes))?;
    }
    Ok(out)
}

/// Runs the command line's `coexist run` with `args` (what follows `coexist run`): the same
/// files, checks and folder, and the same command recorded in its manifest.
#[pyfunction]
#[pyo3(signature = (args, jobs=None))]
fn write(py: Python<'_>, args: Vec<String>, jobs: Option<usize>) -> PyResult<()> {
    use clap::{Args, FromArgMatches};
    let jobs = self::jobs(jobs)?;
    let argv: Vec<String> = ["coexist", "run"].map(String::from).into_iter().chain(args).collect();
    let mut parsed = coexist::commands::run::RunArgs::augment_args(clap::Command::new("run"))
        .try_get_matches_from(&argv[1..])
        .and_then(|m| coexist::commands::run::RunArgs::from_arg_matches(&m))
        .map_err(|e| UsageError::new_err(e.to_string()))?;
    parsed.workers = Workers { jobs, quiet: true };
    let os: Vec<std::ffi::OsString> = argv.iter().map(Into::into).collect();
    compute(py, None, None, move |_| coexist::commands::run::run_as(parsed, os))
}

/// A sweep's `sweep.csv` and `sweep_long.csv` bytes: `vary` holds `--vary` specifications.
#[pyfunction]
#[pyo3(signature = (path, set, vary, design="grid", samples=None, jobs=None, progress=None))]
#[allow(clippy::too_many_arguments)]
fn sweep<'py>(
    py: Python<'py>,
    path: PathBuf,
    set: Vec<String>,
    vary: Vec<String>,
    design: &str,
    samples: Option<usize>,
    jobs: Option<usize>,
    progress: Option<&Bound<'py, PyAny>>,
) -> PyResult<(Bound<'py, PyBytes>, Bound<'py, PyBytes>, usize)> {
    let jobs = self::jobs(jobs)?;
    let design = match design {
        "grid" => coexist::sweep::DesignKind::Grid,
        "lhs" => coexist::sweep::DesignKind::Lhs,
        other => {
            return Err(UsageError::new_err(format!(
                "design: `{other}` is neither `grid` nor `lhs`"
            )));
        }
    };
    let vary = vary
        .iter()
        .map(|v| coexist::sweep::design::parse_vary(v))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| to_py(py, e))?;
    let sw = coexist::sweep::Sweep::new(&path, &set, vary, design, samples, None).map_err(|e| to_py(py, e))?;
    let points = sw.indices().len();
    let [wide, long] = compute(py, jobs, progress, |report| {
        coexist::output::sweep::in_memory(&sw, report)
    })?;
    Ok((PyBytes::new(py, &wide), PyBytes::new(py, &long), points))
}

/// A tournament's `tournament.csv` bytes: every ordered pair of `strategies`, played in the
/// world of the scenario file at `path`.
#[pyfunction]
#[pyo3(signature = (path, set, strategies, jobs=None, progress=None))]
fn tournament<'py>(
    py: Python<'py>,
    path: PathBuf,
    set: Vec<String>,
    strategies: Vec<String>,
    jobs: Option<usize>,
    progress: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyBytes>> {
    let jobs = self::jobs(jobs)?;
    let world = coexist::scenario::load_with(&path, &set).map_err(|d| to_py(py, d.into()))?;
    let specs = coexist::commands::tournament::specs(&strategies).map_err(|e| to_py(py, e))?;
    let t = compute(py, jobs, progress, |_| coexist::tournament::play(&world, &specs))?;
    Ok(PyBytes::new(py, &coexist::output::tournament::long(&t)))
}

/// `differences.csv` of result folders (each a `coexist run` folder), each against the
/// one at `reference`.
#[pyfunction]
fn compare<'py>(py: Python<'py>, folders: Vec<PathBuf>, reference: usize) -> PyResult<Bound<'py, PyBytes>> {
    if reference >= folders.len() {
        return Err(UsageError::new_err(format!(
            "against: {reference} is not the index of one of the {} inputs",
            folders.len()
        )));
    }
    let results = folders
        .iter()
        .map(|d| coexist::compare::read_results(Path::new(d)))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| to_py(py, e))?;
    let diffs = coexist::compare::differences(&results, reference);
    Ok(PyBytes::new(py, &coexist::output::compare::differences_csv(&diffs)))
}

/// Every registered strategy: name, rule, source and traits.
#[pyfunction]
fn strategies(py: Python<'_>) -> PyResult<Bound<'_, PyList>> {
    let out = PyList::empty(py);
    for s in coexist::strategy::registry::ALL {
        let d = PyDict::new(py);
        d.set_item("name", s.name)?;
        d.set_item("rule", s.rule)?;
        d.set_item("memory", s.memory.to_string())?;
        d.set_item("stochastic", s.stochastic)?;
        d.set_item("reads", s.reads.iter().map(|i| i.name()).collect::<Vec<_>>())?;
        d.set_item("parameters", s.params.iter().map(|p| p.name).collect::<Vec<_>>())?;
        d.set_item("source", s.source)?;
        out.append(d)?;
    }
    Ok(out)
}

#[pymodule]
fn _coexist(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add("CoexistError", py.get_type::<CoexistError>())?;
    m.add("ScenarioError", py.get_type::<ScenarioError>())?;
    m.add("UsageError", py.get_type::<UsageError>())?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add_class::<Scenario>()?;
    m.add_function(wrap_pyfunction!(load, m)?)?;
    m.add_function(wrap_pyfunction!(run, m)?)?;
    m.add_function(wrap_pyfunction!(write, m)?)?;
    m.add_function(wrap_pyfunction!(sweep, m)?)?;
    m.add_function(wrap_pyfunction!(tournament, m)?)?;
    m.add_function(wrap_pyfunction!(compare, m)?)?;
    m.add_function(wrap_pyfunction!(strategies, m)?)?;
    Ok(())
}
