package io.crvsbackup.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.crvsbackup.config.Variable;
import io.crvsbackup.config.Variables;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every variable the code reads is in .env.example and the README, with the same default. */
class DocumentedVariablesTest {
  static List<Variable> variables() {
    return Variables.ALL;
  }

  @ParameterizedTest
  @MethodSource("variables")
  void envExampleListsTheVariableWithItsDefault(Variable v) throws Exception {
    String example = Files.readString(Path.of(".env.example"));
    Matcher m = Pattern.compile("(?m)^" + v.name() + "=(.*)$").matcher(example);
    assertThat(m.find()).as(v.name() + " in .env.example").isTrue();
    assertThat(m.group(1)).isEqualTo(v.defaultValue());
    if (v.fileAllowed()) {
      assertThat(example).contains(v.fileName());
    }
  }

  @ParameterizedTest
  @MethodSource("variables")
  void readmeTableListsTheVariableWithItsDefault(Variable v) throws Exception {
    String readme = Files.readString(Path.of("README.md"));
    Matcher m = Pattern.compile("(?m)^\\| `" + v.name() + "`( \\(`_FILE`\\))? \\| ([^|]*) \\|").matcher(readme);
    assertThat(m.find()).as(v.name() + " in the README's table").isTrue();
    assertThat(m.group(1) != null).as(v.name() + " marked as accepting _FILE").isEqualTo(v.fileAllowed());
    String shown = m.group(2).trim();
    assertThat(shown).isEqualTo(v.defaultValue().isEmpty() ? "" : "`" + v.defaultValue() + "`");
  }
}
