package dev.lightpath.architecture;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The project's packages a Java source file names: in its imports (static ones too) and as fully qualified names
 * in its code. Comments and string literals are blanked first, so prose that mentions a class above (a
 * {@code @link} to where a result goes next) is not a dependency, and a qualified name in code, which an import
 * scan alone would miss, is.
 */
final class SourceReferences {
    private static final Pattern PACKAGE = Pattern.compile("\\bpackage\\s+([\\w.]+)\\s*;");
    /** A qualified name: lower-case segments after the root, then a type (upper case) or a wildcard import. */
    private static final Pattern QUALIFIED = Pattern.compile("\\bdev\\.lightpath((?:\\.[a-z_][a-z0-9_]*)+)\\s*\\.\\s*[A-Z*]");

    final String packageName;
    final Set<String> referenced;

    private SourceReferences(String packageName, Set<String> referenced) {
        this.packageName = packageName;
        this.referenced = referenced;
    }

    /** The file's package (empty for none) and the other project packages it names, below {@code dev.lightpath}. */
    static SourceReferences of(String source) {
        String code = codeOnly(source);
        Matcher p = PACKAGE.matcher(code);
        String own = p.find() ? p.group(1) : "";
        Set<String> referenced = new TreeSet<>();
        Matcher q = QUALIFIED.matcher(code);
        while (q.find()) {
            String name = "dev.lightpath" + q.group(1);
            if (!name.equals(own)) {
                referenced.add(name);
            }
        }
        return new SourceReferences(own, referenced);
    }

    /** The source with comments and the contents of string, text-block and char literals replaced by spaces. */
    static String codeOnly(String s) {
        StringBuilder out = new StringBuilder(s.length());
        int i = 0;
        while (i < s.length()) {
            int end;
            if (s.startsWith("/*", i)) {
                end = endOf(s, "*/", i + 2);
            } else if (s.startsWith("//", i)) {
                end = s.indexOf('\n', i);
                end = end < 0 ? s.length() : end;
            } else if (s.startsWith("\"\"\"", i)) {
                end = endOf(s, "\"\"\"", i + 3);
            } else if (s.charAt(i) == '"' || s.charAt(i) == '\'') {
                end = literalEnd(s, i);
            } else {
                out.append(s.charAt(i++));
                continue;
            }
            out.append(" ".repeat(end - i));
            i = end;
        }
        return out.toString();
    }

    private static int endOf(String s, String closing, int from) {
        int at = s.indexOf(closing, from);
        return at < 0 ? s.length() : at + closing.length();
    }

    private static int literalEnd(String s, int open) {
        char quote = s.charAt(open);
        int i = open + 1;
        while (i < s.length() && s.charAt(i) != quote && s.charAt(i) != '\n') {
            i += s.charAt(i) == '\\' ? 2 : 1;
        }
        return Math.min(s.length(), i + 1);
    }
}
