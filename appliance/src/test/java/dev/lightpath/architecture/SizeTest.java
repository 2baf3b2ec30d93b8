package dev.lightpath.architecture;

import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.LineMap;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.JavacTask;
import com.sun.source.util.SourcePositions;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import org.junit.jupiter.api.Test;

import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Stay small: no file of the main sources over {@value #MAX_FILE_LINES} lines and no method over
 * {@value #MAX_METHOD_LINES}, generated code ({@link LayeringTest#GENERATED}) aside. A file is counted whole, its
 * package line, imports, Javadoc and nested classes included, as a reader meets it and as a merge sees it; a method is
 * measured from its first modifier to its closing brace, its Javadoc not counted. The sources are parsed by the JDK's
 * compiler, so braces in strings and comments do not confuse the method count.
 */
class SizeTest {
    static final int MAX_FILE_LINES = 500;
    static final int MAX_METHOD_LINES = 60;

    @Test
    void noMainFileOrMethodIsTooLong() {
        List<String> tooLong = new ArrayList<>();
        for (Path file : LayeringTest.mainSources()) {
            String source = LayeringTest.read(file);
            String pkg = LayeringTest.shortName(SourceReferences.of(source).packageName);
            if (!LayeringTest.GENERATED.contains(pkg)) {
                tooLong.addAll(oversized(LayeringTest.HOME.relativize(file).toString(), source));
            }
        }
        assertEquals(List.of(), tooLong, "files over " + MAX_FILE_LINES + " lines and methods over "
                + MAX_METHOD_LINES + " (split them into named steps)");
    }

    @Test
    void aMethodIsCountedFromItsFirstModifierToItsClosingBrace() {
        String source = "package p;\n"
                + "/** Not counted. */\n"
                + "final class A {\n"
                + "    /** Neither is this. */\n"
                + "    @Deprecated\n"
                + "    void justRight() {\n" + body(MAX_METHOD_LINES - 3) + "    }\n"
                + "    int tooLong(int x) {\n" + body(MAX_METHOD_LINES - 1) + "        return x; // }}}\n    }\n"
                + "    abstract static class B {\n"
                + "        abstract void noBody();\n"
                + "        B() {\n            String s = \"}\";\n" + body(MAX_METHOD_LINES - 2) + "        }\n"
                + "    }\n"
                + "}\n";
        int tooLong = 5 + MAX_METHOD_LINES;
        int constructor = tooLong + MAX_METHOD_LINES + 4;
        assertEquals(List.of(
                "F:" + tooLong + " A.tooLong: " + (MAX_METHOD_LINES + 2) + " lines",
                "F:" + constructor + " A.B.<init>: " + (MAX_METHOD_LINES + 1) + " lines"), oversized("F", source));
    }

    @Test
    void aFileIsCountedWholeImportsJavadocAndNestedClassesIncluded() {
        String fields = "    int f;\n".repeat(MAX_FILE_LINES - 11);
        String justRight = "package p;\n\nimport java.util.List;\n\n/**\n * Counted.\n */\nclass A {\n" + fields
                + "}\n";
        assertEquals(MAX_FILE_LINES - 2, justRight.lines().count());
        String nested = justRight.replace("    int f;\n}\n", "    int f;\n    static class B {\n    }\n}\n");
        assertEquals(MAX_FILE_LINES, nested.lines().count());
        assertEquals(List.of(), oversized("F", nested));
        String oneMore = nested.replace("import java.util.List;", "import java.util.List;\nimport java.util.Map;");
        assertEquals(List.of("F: " + (MAX_FILE_LINES + 1) + " lines"), oversized("F", oneMore));
    }

    private static String body(int lines) {
        return "        int i = 0;\n".repeat(lines);
    }

    /** One line for a file over the file limit and one per method or constructor over the method limit. */
    static List<String> oversized(String name, String source) {
        JavacTask task = parser(name, source);
        CompilationUnitTree unit = parse(task);
        SourcePositions positions = Trees.instance(task).getSourcePositions();
        LineMap lines = unit.getLineMap();
        List<String> found = new ArrayList<>();
        long fileLines = source.lines().count();
        if (fileLines > MAX_FILE_LINES) {
            found.add(name + ": " + fileLines + " lines");
        }
        new TreePathScanner<Void, String>() {
            @Override
            public Void visitClass(ClassTree tree, String outer) {
                String className = outer.isEmpty() ? tree.getSimpleName().toString() : outer + "." + tree.getSimpleName();
                return super.visitClass(tree, className);
            }

            @Override
            public Void visitMethod(MethodTree tree, String className) {
                if (tree.getBody() != null) {
                    report(tree, className + "." + tree.getName(), MAX_METHOD_LINES);
                }
                return super.visitMethod(tree, className);
            }

            private void report(Tree tree, String what, int most) {
                long first = lines.getLineNumber(positions.getStartPosition(unit, tree));
                long last = lines.getLineNumber(positions.getEndPosition(unit, tree));
                long count = last - first + 1;
                if (count > most) {
                    found.add(name + ":" + first + " " + what + ": " + count + " lines");
                }
            }
        }.scan(unit, "");
        return found;
    }

    private static JavacTask parser(String name, String source) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        JavaFileObject file = new SimpleJavaFileObject(URI.create("string:///" + name.replace('\\', '/')),
                JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return source;
            }
        };
        return (JavacTask) javac.getTask(null, null, d -> { }, List.of("-proc:none"), null, List.of(file));
    }

    private static CompilationUnitTree parse(JavacTask task) {
        try {
            return task.parse().iterator().next();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
