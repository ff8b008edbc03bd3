/**
 * luaj-jse 3.0.1 (a Lua 5.2 interpreter for the JVM, MIT licence) as a named module. The classes
 * are the release jar's own, unpacked at build time; only this descriptor is new.
 */
module org.luaj.jse {
    exports org.luaj.vm2;
    exports org.luaj.vm2.compiler;
    exports org.luaj.vm2.lib;
    exports org.luaj.vm2.lib.jse;
    exports org.luaj.vm2.parser;
    exports org.luaj.vm2.server;
}
