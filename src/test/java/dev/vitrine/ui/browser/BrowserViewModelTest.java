package dev.vitrine.ui.browser;

import dev.vitrine.testutil.ListWorkspace;
import dev.vitrine.testutil.SessionBuilder;
import dev.vitrine.ui.common.Async;
import dev.vitrine.ui.common.LoadState;
import dev.vitrine.workspace.Task;
import dev.vitrine.workspace.offline.OfflineWorkspace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.Executor;

import static org.assertj.core.api.Assertions.assertThat;

class BrowserViewModelTest {

    @TempDir
    Path tmp;

    @Test
    void addingAWorkspaceShowsItsProjectTreeAndItsTasks() {
        Path a = new SessionBuilder("0".repeat(31) + "1", "prep", "Demo/Data", "data_processing").writeTo(tmp);
        Path b = new SessionBuilder("0".repeat(31) + "2", "train", "Demo/Models", "training").writeTo(tmp);
        BrowserViewModel vm = new BrowserViewModel(Async.direct());
        vm.addWorkspace(OfflineWorkspace.open("sessions", List.of(a, b)));

        assertThat(vm.trees()).hasSize(1);
        ProjectTree root = vm.trees().get(0);
        assertThat(root.children()).extracting(t -> t.node().project().name()).containsExactly("Demo");
        assertThat(root.children().get(0).children()).extracting(t -> t.node().label()).containsExactly("Data", "Models");
        // the workspace node is selected: all its tasks, and the first is selected for the user
        assertThat(vm.tasksStateProperty().get()).isEqualTo(LoadState.READY);
        assertThat(vm.tasks()).extracting(Task::name).containsExactlyInAnyOrder("prep", "train");
        assertThat(vm.selectedTaskProperty().get()).isNotNull();

        vm.select(root.children().get(0).children().get(1).node());
        assertThat(vm.tasks()).extracting(Task::name).containsExactly("train");
        vm.search("zzz");
        assertThat(vm.tasks()).isEmpty();
        assertThat(vm.tasksStateProperty().get()).isEqualTo(LoadState.EMPTY);
        assertThat(vm.tasksMessageProperty().get()).contains("No task matches");
    }

    @Test
    void scrollingPagesThroughEveryTaskExactlyOnce() {
        ListWorkspace ws = new ListWorkspace(1_050);
        BrowserViewModel vm = new BrowserViewModel(Async.direct());
        vm.addWorkspace(ws);
        assertThat(vm.tasks()).hasSize(BrowserViewModel.PAGE_SIZE);
        assertThat(vm.hasMoreProperty().get()).isTrue();
        while (vm.hasMoreProperty().get()) vm.loadMore();
        assertThat(vm.tasks()).hasSize(1_050);
        assertThat(new HashSet<>(vm.tasks().stream().map(Task::id).toList())).hasSize(1_050);
        // newest first by default
        assertThat(vm.tasks().get(0).id()).isEqualTo("t001049");
        int requests = ws.pageRequests.get();
        vm.loadMore(); // at the end: no request
        assertThat(ws.pageRequests.get()).isEqualTo(requests);
    }

    @Test
    void sortingAndFilteringRestartPaging() {
        ListWorkspace ws = new ListWorkspace(500);
        BrowserViewModel vm = new BrowserViewModel(Async.direct());
        vm.addWorkspace(ws);
        vm.sortBy("name");
        assertThat(vm.tasks().get(0).name()).isEqualTo("task 0");
        vm.filter(List.of("completed"), List.of());
        assertThat(vm.tasks()).allMatch(t -> t.status().equals("completed"));
    }

    @Test
    void filtersGoToTheSourceAndSayWhenNothingMatches() {
        ListWorkspace ws = new ListWorkspace(90);
        BrowserViewModel vm = new BrowserViewModel(Async.direct());
        vm.addWorkspace(ws);
        vm.filter(List.of("completed"), List.of(), List.of(), List.of());
        assertThat(vm.tasks()).hasSize(30).allMatch(t -> t.status().equals("completed"));
        assertThat(vm.isFiltered()).isTrue();
        vm.filter(List.of("failed"), List.of(), List.of(), List.of());
        assertThat(vm.tasks()).isEmpty();
        assertThat(vm.tasksMessageProperty().get()).contains("No task matches");
        vm.filter(List.of(), List.of(), List.of(), List.of());
        assertThat(vm.tasks()).hasSize(90);
    }

    @Test
    void aStaleResultIsDropped() {
        List<Runnable> pending = new ArrayList<>();
        Executor later = pending::add;
        BrowserViewModel vm = new BrowserViewModel(new Async(later, Runnable::run));
        ListWorkspace ws = new ListWorkspace(300);
        vm.addWorkspace(ws);
        pending.remove(0).run(); // project trees
        // the first task request is now pending; a search supersedes it
        vm.search("task 29");
        assertThat(pending).hasSize(2);
        pending.get(1).run(); // the search answers first
        pending.get(0).run(); // the stale full listing answers late
        assertThat(vm.tasks()).allMatch(t -> t.name().contains("task 29"));
    }
}
