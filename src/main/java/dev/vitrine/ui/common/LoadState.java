package dev.vitrine.ui.common;

/** The state every pane shows: designed empty, loading and error states, never a blank area. */
public enum LoadState { EMPTY, LOADING, READY, ERROR }
