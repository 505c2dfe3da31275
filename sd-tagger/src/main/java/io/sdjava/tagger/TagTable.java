package io.sdjava.tagger;

import io.sdjava.ModelLoadException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The rows of {@code selected_tags.csv} ({@code tag_id,name,category,count}); row order = output index.
 * Category 9 = rating, 0 = general, 4 = character.
 */
record TagTable(List<Label> labels) {
    static final int RATING = 9;
    static final int GENERAL = 0;
    static final int CHARACTER = 4;

    /** One CSV row. */
    record Label(String name, int category) {}

    TagTable {
        labels = List.copyOf(labels);
    }

    int size() {
        return labels.size();
    }

    Label get(int index) {
        return labels.get(index);
    }

    static TagTable read(Path csv) {
        List<String> lines;
        try {
            lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ModelLoadException("cannot read tag list " + csv + ": " + e.getMessage(), e);
        }
        if (lines.isEmpty()) {
            throw new ModelLoadException("tag list " + csv + " is empty; expected header tag_id,name,category,count");
        }
        List<String> header = parseLine(stripBom(lines.get(0)));
        int nameCol = header.indexOf("name");
        int categoryCol = header.indexOf("category");
        if (nameCol < 0 || categoryCol < 0) {
            throw new ModelLoadException("tag list " + csv + " has header " + header
                    + "; expected columns tag_id,name,category,count");
        }
        List<Label> labels = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).isEmpty()) {
                continue;
            }
            List<String> cells = parseLine(lines.get(i));
            if (cells.size() <= Math.max(nameCol, categoryCol)) {
                throw new ModelLoadException("tag list " + csv + " line " + (i + 1) + " has " + cells.size()
                        + " columns; expected " + header.size());
            }
            try {
                labels.add(new Label(cells.get(nameCol), Integer.parseInt(cells.get(categoryCol).trim())));
            } catch (NumberFormatException e) {
                throw new ModelLoadException("tag list " + csv + " line " + (i + 1) + ": category '"
                        + cells.get(categoryCol) + "' is not an integer", e);
            }
        }
        return new TagTable(labels);
    }

    private static String stripBom(String s) {
        return s.startsWith("\uFEFF") ? s.substring(1) : s;
    }

    /** RFC 4180 cells of one line: quoted cells may hold commas and doubled quotes. */
    static List<String> parseLine(String line) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (quoted) {
                if (ch == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (ch == '"') {
                    quoted = false;
                } else {
                    cell.append(ch);
                }
            } else if (ch == '"') {
                quoted = true;
            } else if (ch == ',') {
                cells.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(ch);
            }
        }
        cells.add(cell.toString());
        return cells;
    }
}
