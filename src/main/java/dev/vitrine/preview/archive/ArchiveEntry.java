package dev.vitrine.preview.archive;

/**
 * One zip entry.
 *
 * @param name       the name as stored (may be hostile: never used as a path without checking)
 * @param size       uncompressed size the directory declares (-1 unknown)
 * @param compressed compressed size (-1 unknown)
 * @param directory  whether it is a folder entry
 * @param unsafe     a name that would leave the extraction folder (absolute, {@code ..}, drive letter)
 * @param stored     kept as is, not compressed (zip method STORED)
 */
public record ArchiveEntry(String name, long size, long compressed, boolean directory, boolean unsafe, boolean stored) {

    public ArchiveEntry(String name, long size, long compressed, boolean directory, boolean unsafe) {
        this(name, size, compressed, directory, unsafe, false);
    }

    static boolean isUnsafe(String name) {
        String n = name.replace('\\', '/');
        if (n.startsWith("/") || n.matches("^[A-Za-z]:.*")) return true;
        for (String part : n.split("/")) if (part.equals("..")) return true;
        return n.indexOf('\0') >= 0;
    }
}
