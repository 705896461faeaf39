//! `{{name}}` templates over the shared variables (`SharedScriptData::render`): `{{score}}`
//! is the variable's value, `{{ hero.name }}` a field of a struct (or an entry of a map),
//! spaces inside the braces are ignored. A string shows as its text, any other value as the
//! REPL shows it (`{ 1, 2 }`); `none` is `none`. Every `{{` opens a placeholder: a template
//! cannot hold a literal `{{`.

use super::ScriptValue;

/// `template` with every `{{path}}` replaced by the value `lookup` gives for the path's first
/// name; an unknown name or field, or a `{{` never closed, is an error naming it.
pub fn render(template: &str, lookup: impl Fn(&str) -> Option<ScriptValue>) -> Result<String, String> {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find("{{") {
        out.push_str(&rest[..open]);
        let after = &rest[open + 2..];
        let close = after.find("}}").ok_or_else(|| {
            let at = template.len() - rest.len() + open;
            format!("the '{{{{' at byte {at} is not closed by '}}}}'")
        })?;
        let path = after[..close].trim();
        let at = template.len() - rest.len() + open;
        out.push_str(&text(&value(path, &lookup).map_err(|e| format!("at byte {at}: {e}"))?));
        rest = &after[close + 2..];
    }
    out.push_str(rest);
    Ok(out)
}

/// The value at `path` (`name` or `name.field.field`).
fn value(path: &str, lookup: &impl Fn(&str) -> Option<ScriptValue>) -> Result<ScriptValue, String> {
    let mut parts = path.split('.').map(str::trim);
    let name = parts.next().unwrap_or_default();
    if name.is_empty() {
        return Err("a placeholder names no variable".into());
    }
    let mut value = lookup(name).ok_or_else(|| format!("'{name}' is not a shared variable"))?;
    for field in parts {
        let found = match &value {
            ScriptValue::Record(fields) => fields.iter().find(|(k, _)| k == field).map(|(_, v)| v.clone()),
            ScriptValue::Map(entries) => entries.iter().find(|(k, _)| key_is(k, field)).map(|(_, v)| v.clone()),
            _ => None,
        };
        value = found.ok_or_else(|| format!("'{path}': the value has no field '{field}'"))?;
    }
    Ok(value)
}

fn key_is(key: &ScriptValue, field: &str) -> bool {
    match key {
        ScriptValue::Str(s) => s == field,
        ScriptValue::Int(n) => n.to_string() == field,
        _ => false,
    }
}

fn text(value: &ScriptValue) -> String {
    match value {
        ScriptValue::Str(s) => s.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vars(name: &str) -> Option<ScriptValue> {
        let hero = ScriptValue::Record(vec![
            ("name".into(), ScriptValue::Str("Ada".into())),
            ("hp".into(), ScriptValue::Int(30)),
        ]);
        match name {
            "score" => Some(ScriptValue::Int(12)),
            "ratio" => Some(ScriptValue::Float(0.5)),
            "hero" => Some(hero),
            "tags" => Some(ScriptValue::List(vec![ScriptValue::Str("fast".into())])),
            "best" => Some(ScriptValue::None),
            "seen" => Some(ScriptValue::Map(vec![(ScriptValue::Int(7), ScriptValue::Bool(true))])),
            _ => None,
        }
    }

    #[test]
    fn names_and_fields_are_replaced_by_their_values() {
        let shown = render("{{hero.name}} has {{ hero.hp }} hp, {{score}} points ({{ratio}}), {{tags}}", vars);
        assert_eq!(shown.as_deref(), Ok("Ada has 30 hp, 12 points (0.5), { \"fast\" }"));
        assert_eq!(render("best: {{best}}, 7 seen: {{seen.7}}", vars).as_deref(), Ok("best: none, 7 seen: true"));
        assert_eq!(render("no braces { here }", vars).as_deref(), Ok("no braces { here }"));
        assert_eq!(render("", vars).as_deref(), Ok(""));
    }

    #[test]
    fn unknown_names_fields_and_open_braces_are_errors() {
        assert_eq!(render("{{lives}}", vars), Err("at byte 0: 'lives' is not a shared variable".into()));
        assert_eq!(render("hp {{hero.mp}}", vars), Err("at byte 3: 'hero.mp': the value has no field 'mp'".into()));
        assert_eq!(render("{{score}}{{ }}", vars), Err("at byte 9: a placeholder names no variable".into()));
        assert_eq!(render("ok {{score", vars), Err("the '{{' at byte 3 is not closed by '}}'".into()));
    }
}
