from dashboards.views.weights import render

render()
