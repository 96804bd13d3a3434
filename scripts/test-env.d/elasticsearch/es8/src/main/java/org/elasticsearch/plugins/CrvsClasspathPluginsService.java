package org.elasticsearch.plugins;

import org.elasticsearch.Version;
import org.elasticsearch.action.admin.cluster.node.info.PluginsAndModules;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.jdk.ModuleQualifiedExportsService;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * A PluginsService that serves plugin classes found on the classpath instead of plugins/ and modules/
 * folders. Lives in this package because PluginsService.LoadedPlugin is package-private in 8.x.
 */
public final class CrvsClasspathPluginsService extends PluginsService {

    private final List<LoadedPlugin> classpathPlugins;

    public CrvsClasspathPluginsService(Settings settings, Environment environment, Collection<Class<? extends Plugin>> pluginClasses) {
        // the folders are empty: the real loading finds nothing there
        super(settings, environment.configFile(), environment.modulesFile(), environment.pluginsFile());
        List<LoadedPlugin> loaded = new ArrayList<>();
        for (Class<? extends Plugin> pluginClass : pluginClasses) {
            Plugin plugin = loadPlugin(pluginClass, settings, environment.configFile());
            PluginDescriptor descriptor = new PluginDescriptor(
                pluginClass.getName(),            // name
                "classpath plugin",               // description
                "NA",                             // version
                Version.CURRENT.toString(),       // elasticsearch version
                Integer.toString(Runtime.version().feature()),
                pluginClass.getName(),            // classname
                null,                             // module name
                List.of(),                        // extended plugins
                false,                            // has native controller
                false,                            // licensed
                false,                            // modular
                false                             // stable
            );
            loaded.add(new LoadedPlugin(descriptor, plugin, pluginClass.getClassLoader(), ModuleLayer.boot()));
        }
        this.classpathPlugins = List.copyOf(loaded);
    }

    @Override
    protected void addServerExportsService(Map<String, List<ModuleQualifiedExportsService>> qualifiedExports) {
        // the server runs on the classpath (unnamed module): it has no module descriptor to read exports from
    }

    @Override
    protected List<LoadedPlugin> plugins() {
        return classpathPlugins;
    }

    @Override
    public PluginsAndModules info() {
        return new PluginsAndModules(classpathPlugins.stream().map(p -> new PluginRuntimeInfo(p.descriptor())).toList(), List.of());
    }
}
