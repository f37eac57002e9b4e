/// Shuts the pool down: closes the queue, then waits for every worker.
impl Drop for ThreadPool {
    fn drop(&mut self) {
        // Dropping the only `Sender` closes the queue. The workers still
        // receive every job queued before that; then `recv` returns `Err`,
        // and each worker leaves its loop.
        drop(self.queue.take());
        // So each join returns once its worker has run out of jobs: when
        // the last one returns, every job has run.
        for worker in self.workers.drain(..) {
            worker.join().unwrap();
        }
    }
}
