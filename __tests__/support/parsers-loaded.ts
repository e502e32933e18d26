// The adapters load the YAML parser and the RE2 engine before they parse settings that
// hold YAML (see src/settings/parsers.ts); tests that call parseSettings directly get
// them loaded here.
import { loadParsers } from "../../src/settings/index.js";

await loadParsers();
