// Mistake: the queue is closed, so the workers do stop, but nothing waits
// for them: `drop` returns at once, while jobs are still queued or
// running. A program that ends right after loses them.
// grader: fails no lost job, saying "then join every worker"
impl Drop for ThreadPool {
    fn drop(&mut self) {
        drop(self.queue.take());
    }
}
