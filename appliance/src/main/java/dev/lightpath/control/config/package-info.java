/**
 * The configuration files and the values they share with the command line: a TOML file read against a schema
 * of known keys ({@link dev.lightpath.control.config.ConfigFile}), what {@code run} and {@code loadgen} read from
 * it, the settings both commands share declared once each ({@code EngineSettings}, as {@code Setting}s), and the
 * value syntaxes (durations, CPU lists, target URLs). Every problem names its key and line.
 *
 * <p>Layer: below {@code control}, above {@code control.metrics} and {@code control.logging}. May import those
 * two, and the settings types of the runtime and applications it builds ({@code engine}, {@code echo},
 * {@code loadgen}, {@code http}, {@code tcp}, {@code net}, {@code wire} ...).
 */
package dev.lightpath.control.config;
