package dev.lethe.local;

import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * What an option left off the command line takes from the environment, for the run command and the backup tools
 * alike: the variable named for that option, else the option's own default. A blank variable counts as unset, so
 * {@code LETHE_JDBC_URL=} keeps the default.
 *
 * @param variables   the environment variable of each option, by its long name
 * @param environment the process's environment
 */
public record EnvironmentDefaults(Map<String, String> variables, Map<String, String> environment)
        implements CommandLine.IDefaultValueProvider {

    @Override
    public String defaultValue(ArgSpec argument) {
        if (!(argument instanceof OptionSpec option)) {
            return null;
        }
        String variable = variables.get(option.longestName());
        String value = variable == null ? null : environment.get(variable);
        return value == null || value.isBlank() ? null : value;
    }
}
