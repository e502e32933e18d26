// The adapters load the YAML parser before they parse settings that hold YAML (see
// src/settings/yaml.ts); tests that call parseSettings directly get it loaded here.
import { loadYaml } from "../../src/settings/index.js";

await loadYaml();
