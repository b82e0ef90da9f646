print("xenpt-bench: not yet")
