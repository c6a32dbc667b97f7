//! A small argument reader: flags, repeated options and positionals, with every leftover
//! argument reported as a usage error.

pub struct Args {
    rest: Vec<String>,
}

impl Args {
    pub fn new(rest: Vec<String>) -> Self {
        Args { rest }
    }

    /// Whether `--name` (or `--name=…`) is present, without consuming it.
    pub fn has(&self, name: &str) -> bool {
        self.rest.iter().any(|a| a == name || a.strip_prefix(name).is_some_and(|r| r.starts_with('=')))
    }

    pub fn flag(&mut self, name: &str) -> bool {
        let before = self.rest.len();
        self.rest.retain(|a| a != name);
        self.rest.len() != before
    }

    /// Every `--name VALUE` (or `--name=VALUE`) occurrence, in order.
    pub fn values(&mut self, name: &str) -> Result<Vec<String>, String> {
        let mut found = Vec::new();
        let mut i = 0;
        while i < self.rest.len() {
            if self.rest[i] == name {
                if i + 1 >= self.rest.len() {
                    return Err(format!("{name} needs a value"));
                }
                found.push(self.rest.remove(i + 1));
                self.rest.remove(i);
            } else if let Some(v) = self.rest[i].strip_prefix(name).and_then(|r| r.strip_prefix('=')) {
                found.push(v.to_string());
                self.rest.remove(i);
            } else {
                i += 1;
            }
        }
        Ok(found)
    }

    pub fn value(&mut self, name: &str) -> Result<Option<String>, String> {
        let mut v = self.values(name)?;
        if v.len() > 1 {
            return Err(format!("{name} given more than once"));
        }
        Ok(v.pop())
    }

    /// The first argument that is not an option.
    pub fn positional(&mut self, what: &str) -> Result<String, String> {
        let i = self.rest.iter().position(|a| !a.starts_with("--")).ok_or(format!("missing {what}"))?;
        Ok(self.rest.remove(i))
    }

    pub fn optional_positional(&mut self) -> Option<String> {
        let i = self.rest.iter().position(|a| !a.starts_with("--"))?;
        Some(self.rest.remove(i))
    }

    pub fn finish(self) -> Result<(), String> {
        match self.rest.first() {
            None => Ok(()),
            Some(a) => Err(format!("unexpected argument {a}")),
        }
    }
}
