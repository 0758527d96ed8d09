package io.berth.cli.tasks;

import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Linux signals by name (SIGKILL or KILL, in any case) or by number, as ctr's --signal takes them. */
final class Signals implements ITypeConverter<Integer> {
    private static final Map<String, Integer> NUMBERS = Map.ofEntries(
            Map.entry("HUP", 1), Map.entry("INT", 2), Map.entry("QUIT", 3), Map.entry("ILL", 4),
            Map.entry("TRAP", 5), Map.entry("ABRT", 6), Map.entry("IOT", 6), Map.entry("BUS", 7),
            Map.entry("FPE", 8), Map.entry("KILL", 9), Map.entry("USR1", 10), Map.entry("SEGV", 11),
            Map.entry("USR2", 12), Map.entry("PIPE", 13), Map.entry("ALRM", 14), Map.entry("TERM", 15),
            Map.entry("STKFLT", 16), Map.entry("CHLD", 17), Map.entry("CONT", 18), Map.entry("STOP", 19),
            Map.entry("TSTP", 20), Map.entry("TTIN", 21), Map.entry("TTOU", 22), Map.entry("URG", 23),
            Map.entry("XCPU", 24), Map.entry("XFSZ", 25), Map.entry("VTALRM", 26), Map.entry("PROF", 27),
            Map.entry("WINCH", 28), Map.entry("IO", 29), Map.entry("POLL", 29), Map.entry("PWR", 30),
            Map.entry("SYS", 31));
    private static final int HIGHEST = 64;

    @Override
    public Integer convert(String value) {
        return parse(value);
    }

    static int parse(String value) {
        String name = value.strip().toUpperCase(Locale.ROOT);
        if (name.chars().allMatch(Character::isDigit) && !name.isEmpty() && name.length() < 3) {
            int number = Integer.parseInt(name);
            if (number >= 1 && number <= HIGHEST) {
                return number;
            }
        }
        Integer number = NUMBERS.get(name.startsWith("SIG") ? name.substring(3) : name);
        if (number == null) {
            throw new TypeConversionException("unknown signal \"" + value + "\"");
        }
        return number;
    }
}
