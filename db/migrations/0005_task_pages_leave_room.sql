-- Room on each page of workflow_tasks for the new versions of its rows, so that the frequent
-- updates of a task's state and progress stay on the page (HOT) and touch no index.
ALTER TABLE "workflow_tasks" SET (fillfactor = 70);
