package org.tidings.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the client's message catalogs (js/i18n/*.js, docs/client.md "Languages") complete: every
 * language has the same keys with the same parameters, every key the code and the page use
 * exists, and no view puts English of its own on the page. It reads the files as text, as the
 * client has no build step to hook into.
 */
class I18nCatalogTest {

    private static final Path STATIC = Path.of("src/main/resources/static");
    private static final Path CATALOGS = STATIC.resolve("js/i18n");

    // A catalog line: `  'key': value` (a value may go on over more lines).
    private static final Pattern ENTRY = Pattern.compile("(?m)^\\s*'([^']+)':(.*(?:\\n(?!\\s*'[^']+':|\\s*//|};).*)*)");
    private static final Pattern PARAM = Pattern.compile("\\{(\\w+)}");
    // t('key' and t("key" in the code; keys built at run time (`role.${…}`) are checked by hand.
    private static final Pattern T_CALL = Pattern.compile("\\bt\\(\\s*['\"]([^'\"]+)['\"]");
    private static final Pattern PAGE_KEY = Pattern.compile("data-i18n(?:-[a-z-]+)?=\"([^\"]+)\"");

    @Test
    void everyLanguageHasTheKeysAndParametersOfEnglish() {
        Map<String, String> english = catalog("en.js");
        assertThat(english).hasSizeGreaterThan(300);
        for (Path file : catalogFiles()) {
            Map<String, String> other = catalog(file.getFileName().toString());
            assertThat(other.keySet())
                    .as("keys of %s", file.getFileName())
                    .containsExactlyInAnyOrderElementsOf(english.keySet());
            for (var entry : english.entrySet()) {
                String translated = other.get(entry.getKey());
                if (isNull(entry.getValue()) || isNull(translated)) continue;
                assertThat(params(translated))
                        .as("parameters of %s in %s", entry.getKey(), file.getFileName())
                        .isEqualTo(params(entry.getValue()));
            }
        }
    }

    @Test
    void everyKeyTheCodeAndThePageUseIsInTheCatalogs() {
        Set<String> used = new TreeSet<>();
        for (Path js : sources()) {
            Matcher m = T_CALL.matcher(read(js));
            while (m.find()) used.add(m.group(1));
        }
        Matcher page = PAGE_KEY.matcher(read(STATIC.resolve("index.html")));
        while (page.find()) used.add(page.group(1));
        // The keys built at run time.
        used.addAll(List.of("role.owner", "role.admin"));
        assertThat(used).hasSizeGreaterThan(300);
        for (Path file : catalogFiles()) {
            assertThat(catalog(file.getFileName().toString()).keySet())
                    .as("keys of %s", file.getFileName())
                    .containsAll(used);
        }
    }

    /** Catches the usual ways English slips into a view without its catalog. */
    @Test
    void noViewWritesEnglishOfItsOwn() {
        Pattern hardCoded = Pattern.compile(
                "(?:text|title|placeholder|label|hint|'aria-label'|done):\\s*['`\"][A-Za-z][a-z]+[ .…!?]"
                        + "|textContent\\s*=\\s*['`\"][A-Za-z]{2,}"
                        + "|(?:confirm|flash|notice|formError\\([^,]+,)\\s*\\(?\\s*['`\"][A-Za-z]{2,}"
                        + "|replaceChildren\\(\\s*['`\"][A-Za-z]{2,}"
                        + "|return\\s+['`][A-Z][a-z]+ [a-z]+");
        List<String> found = new ArrayList<>();
        for (Path js : sources()) {
            String[] lines = read(js).split("\n");
            for (int i = 0; i < lines.length; i++) {
                String line = lines[i].strip();
                if (line.startsWith("//") || line.startsWith("*") || line.startsWith("/*")) continue;
                if (line.contains("new Error(") || line.contains("console.")) continue;
                if (hardCoded.matcher(line).find()) found.add(STATIC.relativize(js) + ":" + (i + 1) + ": " + line);
            }
        }
        assertThat(found).isEmpty();
    }

    /** Every text and attribute of index.html that people read is marked for translation. */
    @Test
    void thePageMarksEveryTextForTranslation() {
        String html = read(STATIC.resolve("index.html")).replaceAll("(?s)<!--.*?-->", "");
        List<String> found = new ArrayList<>();
        // Text right after a tag: the tag must carry data-i18n.
        Matcher text =
                Pattern.compile("<([a-z0-9]+)([^>]*)>([^<]*[A-Za-z]{2,}[^<]*)<").matcher(html);
        while (text.find()) {
            String tag = text.group(1);
            String words = text.group(3).strip();
            // The brand, and the page title the client sets itself.
            if (words.equals("Tidings") || tag.equals("title")) continue;
            if (!text.group(2).contains("data-i18n=")) found.add("<" + tag + text.group(2) + ">" + words);
        }
        // Text after a closing tag ("New here? <button>…") has no tag of its own to mark.
        Matcher loose = Pattern.compile("</[a-z0-9]+>([^<]*[A-Za-z]{2,}[^<]*)<").matcher(html);
        while (loose.find()) found.add("after a closing tag: " + loose.group(1).strip());
        Matcher attribute = Pattern.compile("<[a-z0-9]+[^>]*?\\s(placeholder|title|aria-label)=\"([^\"]*)\"[^>]*>")
                .matcher(html);
        while (attribute.find()) {
            if (attribute.group(2).matches(".*[A-Za-z]{2,}.*")
                    && !attribute.group().contains("data-i18n-" + attribute.group(1) + "=")) {
                found.add(attribute.group());
            }
        }
        assertThat(found).isEmpty();
    }

    /** key → the value's source text, in file order. */
    private static Map<String, String> catalog(String name) {
        Map<String, String> entries = new LinkedHashMap<>();
        Matcher m = ENTRY.matcher(read(CATALOGS.resolve(name)));
        while (m.find()) {
            assertThat(entries.put(m.group(1), m.group(2).strip()))
                    .as("%s twice in %s", m.group(1), name)
                    .isNull();
        }
        return entries;
    }

    private static boolean isNull(String value) {
        return value.startsWith("null");
    }

    private static Set<String> params(String value) {
        Set<String> names = new TreeSet<>();
        Matcher m = PARAM.matcher(value);
        while (m.find()) names.add(m.group(1));
        return names;
    }

    private static List<Path> catalogFiles() {
        try (Stream<Path> files = Files.list(CATALOGS)) {
            return files.filter(p -> p.toString().endsWith(".js")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The client's modules, without the catalogs themselves. */
    private static List<Path> sources() {
        try (Stream<Path> files = Files.walk(STATIC.resolve("js"))) {
            return files.filter(p -> p.toString().endsWith(".js") && !p.startsWith(CATALOGS))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
