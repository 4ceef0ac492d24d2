package io.cfdeploy.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * The container files agree with the build: the native builder stage uses the image the container build of
 * {@code -Dnative} uses, and both images run as a non-root user on {@code $PORT}. No container engine needed.
 */
class ContainerFilesTest {

    @Test
    void nativeImageIsBuiltWithTheConfiguredBuilderAndRunsAsNonRoot() throws IOException {
        List<String> lines = instructions(Path.of("Dockerfile.native"));
        Properties application = new Properties();
        try (Reader reader = Files.newBufferedReader(Path.of("src/main/resources/application.properties"))) {
            application.load(reader);
        }
        assertEquals("FROM " + application.getProperty("quarkus.native.builder-image") + " AS build", lines.get(0));
        assertTrue(lines.stream().anyMatch(line -> line.startsWith("FROM quay.io/quarkus/ubi9-quarkus-micro-image:")));
        assertRunsAsNonRootOnPort(lines);
    }

    @Test
    void jvmImageCopiesTheFastJarAndRunsAsNonRoot() throws IOException {
        List<String> lines = instructions(Path.of("src/main/docker/Dockerfile.jvm"));
        for (String folder : new String[] {"lib/", "app/", "quarkus/"}) {
            assertTrue(lines.stream().anyMatch(line -> line.startsWith("COPY")
                    && line.contains("target/quarkus-app/" + folder)), folder);
        }
        assertRunsAsNonRootOnPort(lines);
        List<String> ignored = Files.readAllLines(Path.of("src/main/docker/Dockerfile.jvm.dockerignore"));
        assertTrue(ignored.contains("!target/quarkus-app"), "the JVM image's context holds the fast jar");
    }

    private static void assertRunsAsNonRootOnPort(List<String> lines) {
        String user = lines.stream().filter(line -> line.startsWith("USER ")).reduce((a, b) -> b).orElseThrow();
        assertFalse(user.equals("USER root") || user.equals("USER 0"), "the last USER is not root: " + user);
        assertTrue(lines.contains("ENV PORT=8080"), "PORT defaults to 8080");
        assertTrue(lines.contains("EXPOSE 8080"));
    }

    /** The Dockerfile's instructions, comments and blank lines dropped. */
    private static List<String> instructions(Path dockerfile) throws IOException {
        return Files.readAllLines(dockerfile).stream().map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
    }
}
