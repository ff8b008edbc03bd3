package io.sockudo.kv.kernel.scripting;

import java.util.List;

/** A library loaded with FUNCTION LOAD: its name, its whole code (shebang included), its functions. */
record FunctionLibrary(String name, byte[] code, List<LibraryFunction> functions) {
}
