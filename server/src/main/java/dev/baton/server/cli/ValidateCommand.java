package dev.baton.server.cli;

import dev.baton.server.config.BatonConfig;
import dev.baton.server.config.ConfigException;
import dev.baton.server.config.ConfigLoader;
import dev.baton.server.config.PoolConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code baton validate FILE...}: loads each configuration exactly as {@code baton serve} would
 * (environment substitution, strict binding, every check) without starting anything. Prints every
 * problem as {@code file:line:column: key.path: message}, or a summary of what a valid file
 * configures; exits 1 when any file is invalid. For CI and for checking a ConfigMap before applying
 * it.
 */
@Command(name = "validate", mixinStandardHelpOptions = true,
    description = "Check Baton config files without serving; print every problem with its "
        + "file:line:column and key path. Exit code 1 when any file is invalid.")
public final class ValidateCommand implements Callable<Integer> {

  @Parameters(arity = "1..*", paramLabel = "FILE", description = "Baton YAML config files.")
  List<Path> files;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    int invalid = 0;
    for (Path file : files) {
      try {
        BatonConfig config = ConfigLoader.load(file);
        out.println(file + ": ok: " + summary(config));
        for (PoolConfig pool : config.pools()) {
          out.println("  pool " + pool.name() + ": models " + String.join(", ", pool.models())
              + "; " + (pool.endpointSource().isStatic() ? pool.endpoints().size() + " endpoints"
                  : "endpoints from endpointSource " + pool.endpointSource().type()) + "; dialect "
              + pool.dialect()
              + (pool.disaggregation().enabled() ? "; disaggregated" : "")
              + (pool.policy().equals(BatonConfig.DEFAULT_POLICY) ? "" : "; policy " + pool.policy()));
        }
      } catch (ConfigException e) {
        invalid++;
        e.problems().forEach(err::println);
        err.println(file + ": " + e.problems().size()
            + (e.problems().size() == 1 ? " problem" : " problems"));
      }
    }
    out.flush();
    err.flush();
    return invalid == 0 ? 0 : 1;
  }

  private static String summary(BatonConfig config) {
    int endpoints = config.pools().stream().mapToInt(p -> p.endpoints().size()).sum();
    long models = config.pools().stream().mapToLong(p -> p.models().size()).sum();
    return config.pools().size() + " pools, " + endpoints + " endpoints, " + models
        + " models; listens on " + config.server().host() + ":" + config.server().port()
        + ", admin on " + config.admin().host() + ":" + config.admin().port();
  }
}
