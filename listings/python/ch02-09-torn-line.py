import sys


class Recorder:
    """Passes text on to the real standard output, and keeps each piece
    it was asked to write."""

    def __init__(self, out):
        self.out = out
        self.pieces = []

    def write(self, text):
        self.pieces.append(text)
        return self.out.write(text)

    def flush(self):
        self.out.flush()


sys.stdout = recorder = Recorder(sys.stdout)
print("task 1 finished")
print("task 2 finished\n", end="")
sys.stdout = recorder.out
print(f"pieces written: {recorder.pieces}")
