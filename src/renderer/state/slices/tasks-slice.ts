import type { StateCreator } from 'zustand/vanilla';
import type { Task, TaskState } from '../../../shared/tasks';
import type { GantryState } from '../store';

/** The tasks view: its filter, the page it fetched, and the task opened in detail. */
export interface TasksSlice {
  taskFilter: TaskState | 'all';
  taskPage: Task[];
  taskCursor: string | undefined;
  selectedTaskId: string | null;
  /** The selected task as last fetched (null until it arrives). */
  taskDetail: Task | null;
  /** Why the last list or detail fetch failed; null after a success. */
  taskError: string | null;
  setTaskFilter(filter: TaskState | 'all'): void;
  setTaskPage(tasks: Task[], cursor: string | undefined, append: boolean): void;
  /** A fetched or changed task: replaces it in the page, and in the detail when selected. */
  updateTask(task: Task): void;
  selectTask(id: string | null): void;
  setTaskError(error: string | null): void;
}

export const createTasksSlice: StateCreator<GantryState, [], [], TasksSlice> = (set, get) => ({
  taskFilter: 'all',
  taskPage: [],
  taskCursor: undefined,
  selectedTaskId: null,
  taskDetail: null,
  taskError: null,
  setTaskFilter: (taskFilter) =>
    set({
      taskFilter,
      selectedTaskId: null,
      taskDetail: null,
      taskPage: [],
      taskCursor: undefined,
    }),
  setTaskPage: (tasks, taskCursor, append) =>
    set({ taskPage: append ? [...get().taskPage, ...tasks] : tasks, taskCursor, taskError: null }),
  updateTask: (task) => {
    const state = get();
    set({
      taskPage: state.taskPage.map((t) => (t.id === task.id ? task : t)),
      taskDetail: state.selectedTaskId === task.id ? task : state.taskDetail,
    });
  },
  selectTask: (selectedTaskId) => {
    const state = get();
    const known = state.taskPage.find((t) => t.id === selectedTaskId) ?? null;
    set({
      selectedTaskId,
      taskDetail: selectedTaskId === state.selectedTaskId ? state.taskDetail : known,
    });
  },
  setTaskError: (taskError) => set({ taskError }),
});
