//! `cached(template=…, …)`: a partial rendered once per build for each distinct set of
//! arguments, then reused. The site's header and footer are the same on thousands of pages
//! (except for which navigation entry is current), and rendering them again for each page cost
//! 5% of a build.
//!
//! A cached partial sees its arguments and the site-wide values (`site`, `pairing`, `t`), not
//! the page it is on: whatever it shows of the page must be passed to it, which also makes it
//! part of the key that tells one rendering from another.

use std::collections::HashMap;
use std::fmt::Write;
use std::sync::{Arc, Mutex, RwLock};

use tera::{Kwargs, State, TeraResult, Value};

/// The name templates call it by.
pub const FUNCTION: &str = "cached";
/// The argument naming the partial.
const TEMPLATE: &str = "template";

/// What `cached` has rendered, and the engine it renders with.
#[derive(Default)]
pub struct PartialCache {
    /// A copy of the templates with the site-wide values set: the function cannot reach the
    /// engine that calls it.
    engine: RwLock<Option<Arc<tera::Tera>>>,
    /// By key: the template's name and the arguments, in order of name.
    rendered: Mutex<HashMap<String, Value>>,
}

impl PartialCache {
    /// Starts over with `engine` (the templates with new site-wide values): nothing rendered
    /// before is reused.
    pub fn reset(&self, engine: tera::Tera) {
        *self.engine.write().expect("engine lock") = Some(Arc::new(engine));
        self.rendered.lock().expect("cache lock").clear();
    }

    /// The function's body: the partial's HTML, marked safe (it was escaped as it was
    /// rendered).
    pub fn call(&self, kwargs: Kwargs, _: &State) -> TeraResult<Value> {
        let template: String = kwargs.must_get::<&str>(TEMPLATE)?.to_string();
        let mut args: Vec<(&str, &Value)> = kwargs
            .iter()
            .filter_map(|(key, value)| Some((key.as_str()?, value)))
            .filter(|(key, _)| *key != TEMPLATE)
            .collect();
        args.sort_by_key(|(key, _)| *key);
        let mut key = template.clone();
        for (name, value) in &args {
            // Debug tells a none from an empty string and a number from its text.
            let _ = write!(key, "\u{0}{name}={value:?}");
        }
        if let Some(html) = self.rendered.lock().expect("cache lock").get(&key) {
            return Ok(html.clone());
        }
        let engine = self
            .engine
            .read()
            .expect("engine lock")
            .clone()
            .ok_or_else(|| {
                tera::Error::message("cached() is only available once the site's values are set")
            })?;
        let mut context = tera::Context::new();
        for (name, value) in args {
            context.insert_value(name.to_string(), value.clone());
        }
        // Rendered without holding the lock: the partial may itself call `cached`.
        let html = engine.render(&template, &context)?;
        // The line break that ends the file is the editor's, not the page's: the call stands
        // inside a line of its caller.
        let html = Value::safe_string(html.strip_suffix('\n').unwrap_or(&html));
        self.rendered
            .lock()
            .expect("cache lock")
            .insert(key, html.clone());
        Ok(html)
    }
}
