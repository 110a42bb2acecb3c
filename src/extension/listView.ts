import * as vscode from 'vscode';

/**
 * A flat tree view (the Invitations and Rooms views): its items are the children of the root, it
 * re-renders when `onDidChange` fires, and its badge is set by the subclass's `badge()`.
 */
export abstract class ListView<T> implements vscode.TreeDataProvider<T>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly view: vscode.TreeView<T>;
  private readonly subscription: { dispose(): void };
  readonly onDidChangeTreeData = this.changed.event;

  /** The subclass calls `refresh()` once its own fields are set. */
  protected constructor(private readonly viewId: string, onDidChange: (listener: () => void) => { dispose(): void }) {
    this.view = vscode.window.createTreeView(viewId, { treeDataProvider: this, showCollapseAll: false });
    this.subscription = onDidChange(() => this.refresh());
  }

  protected abstract items(): T[];
  protected abstract badge(): vscode.ViewBadge | undefined;
  abstract getTreeItem(element: T): vscode.TreeItem;

  reveal(): Thenable<void> {
    return vscode.commands.executeCommand(`${this.viewId}.focus`);
  }

  getChildren(element?: T): T[] {
    return element ? [] : this.items();
  }

  refresh(): void {
    this.view.badge = this.badge();
    this.changed.fire();
  }

  dispose(): void {
    this.subscription.dispose();
    this.view.dispose();
    this.changed.dispose();
  }
}
