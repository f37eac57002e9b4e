async def hello(name):
    print(f"{name}: running")
    return len(name)


dropped = hello("dropped")  # a coroutine object: nothing has run yet
print("made a future for `dropped`")
dropped.close()  # dropped without ever running (and without a warning)

future = hello("polled")
print("made a future for `polled`")
try:
    future.send(None)  # one step, as `poll` does
    print("polled: pending")
except StopIteration as done:
    print(f"polled: ready with {done.value}")
