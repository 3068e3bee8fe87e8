/**
 * The presets shipped with Cadenza, loadable by name ({@code jsb-rnnrbm}, ...) as well as from a
 * path. Each is a resource {@code dev/cadenza/presets/<name>.cadenza} in this module's jar, listed in
 * {@code dev/cadenza/presets/index.txt} (one name a line), since a jar's folders cannot be listed
 * reliably. The file format is {@link dev.cadenza.engine.preset}'s.
 */
package dev.cadenza.presets;
