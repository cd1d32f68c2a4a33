package dev.vitrine.clearml;

/**
 * What a connection check learned: the server's version and API level (from {@code server.info},
 * API.md 3), the API version Vitrine uses on paths, and who the token belongs to.
 */
public record ServerInfo(String apiServer, String serverVersion, String apiVersion, String pathVersion, String userName) {}
